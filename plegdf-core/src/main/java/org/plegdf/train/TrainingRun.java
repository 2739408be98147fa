package org.plegdf.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import org.plegdf.data.Augmentation;
import org.plegdf.data.FrameLoader;
import org.plegdf.data.Manifest;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.BackboneWeights;
import org.plegdf.model.Engines;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.ModelStore;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.PlegdfLoss;
import org.plegdf.model.StateDict;
import org.plegdf.model.Tensors;
import org.plegdf.report.Plots;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;
import org.plegdf.util.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run (spec section 6): per-epoch frame sampling and augmentation, Adam with the two
 * learning rates and the cosine schedule, dev-split model selection on video-level RMSE. Writes
 * into the run folder: {@code config.json} (model + training settings), {@code run.json}
 * (versions, device, seed, data), {@code history.csv}, {@code model/} (the best epoch's model),
 * {@code plots/}, {@code checkpoints/} (the last complete epoch, for {@code --resume}) and, when
 * finished, {@code result.json}.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    /** The run configuration file of a run folder. */
    public static final String RUN_CONFIG = "run_config.json";

    /**
     * What a finished run achieved.
     *
     * @param runDir the run folder
     * @param bestEpoch the 1-based epoch whose model was kept
     * @param bestDev dev metrics of that epoch
     * @param seconds wall time of this invocation
     */
    public record Result(Path runDir, int bestEpoch, Metrics bestDev, double seconds) {}

    private final Manifest data;
    private final ModelConfig modelConfig;
    private final TrainConfig cfg;
    private final Path runDir;

    /**
     * @param data the dataset (frame folders; labelled train and dev videos needed)
     * @param modelConfig the network to build
     * @param cfg the training settings
     * @param runDir the run folder to write
     */
    public TrainingRun(Manifest data, ModelConfig modelConfig, TrainConfig cfg, Path runDir) {
        this.data = data;
        this.modelConfig = modelConfig.validate().copy();
        // The model carries how its crops were made, so predict can repeat it on new videos.
        this.modelConfig.preprocessing = DatasetPreprocessing.of(data.root(), this.modelConfig.preprocessing);
        this.cfg = cfg.validate().copy();
        this.runDir = runDir;
    }

    /**
     * Reads a run folder's configuration, for {@code --resume}.
     *
     * @param runDir the run folder
     * @return its model and training settings
     */
    public static RunConfig configOf(Path runDir) {
        Path f = runDir.resolve(RUN_CONFIG);
        if (!Files.isRegularFile(f)) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, runDir + ": not a training run folder (no " + RUN_CONFIG + ")");
        }
        return RunConfig.read(f);
    }

    private List<VideoRecord> requireVideos(Split split, int min) {
        List<VideoRecord> v = data.labelled(split);
        if (v.size() < min) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, data.file() + ": needs at least " + min + " labelled "
                    + split.id() + " video(s) to train, found " + v.size());
        }
        return v;
    }

    /**
     * Trains from scratch into a new (or empty) run folder.
     *
     * @return the result
     */
    public Result run() {
        return run(false);
    }

    /**
     * @param resume continue from the run folder's last complete epoch
     * @return the result
     */
    public Result run(boolean resume) {
        if (data.needsPreprocessing()) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, data.file()
                    + ": some paths are video files; run `plegdf preprocess --input " + data.file() + " --out DIR` first");
        }
        List<VideoRecord> train = requireVideos(Split.TRAIN, 2);
        List<VideoRecord> dev = requireVideos(Split.DEV, 1);
        Optional<Path> checkpoint = resume ? Checkpoint.latest(runDir) : Optional.empty();
        prepareRunDir(resume);

        Engine engine = Engines.engine();
        Device device = Engines.device(cfg.device);
        engine.setRandomSeed((int) cfg.seed);
        long start = System.nanoTime();
        double scaleMax = modelConfig.scale.max();
        double trainMean = train.stream().mapToDouble(VideoRecord::label).average().orElseThrow();
        FrameSampling sampling = new FrameSampling(data, cfg);
        List<List<Path>> devFrames = sampling.scoringFrames(dev);
        double[] devLabels = dev.stream().mapToDouble(VideoRecord::label).toArray();
        int steps = Math.max(1, (sampling.trainingEpoch(train, 0, scaleMax).size() + cfg.batchSize - 1) / cfg.batchSize);
        PlegdfFglscfNet net = new PlegdfFglscfNet(modelConfig);
        FrameLoader loader = new FrameLoader(modelConfig.inputSize, modelConfig.mean, modelConfig.std);
        Augmentation aug = new Augmentation(cfg.flip ? 0.5 : 0, cfg.cropScaleMin, 1.0, 3.0 / 4.0, 4.0 / 3.0, cfg.jitter, cfg.jitter);
        int workers = cfg.effectiveWorkers();

        try (Model model = Model.newInstance("plegdf", device)) {
            model.setBlock(net);
            Set<String> backboneIds = new HashSet<>();
            net.backbone().getParameters().forEach(p -> backboneIds.add(p.getValue().getId()));
            CosineSchedule schedule = new CosineSchedule(Math.round(cfg.warmupEpochs * steps), (long) cfg.epochs * steps);
            PlegdfAdam adam = new PlegdfAdam(backboneIds, cfg.lrBackbone, cfg.lrHead, cfg.weightDecay, schedule);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(new PlegdfLoss(modelConfig))
                    .optOptimizer(adam)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(net.inputShape(cfg.batchSize));
                Checkpoint.State state = new Checkpoint.State(0, 0, 0, List.of());
                if (checkpoint.isPresent()) {
                    state = Checkpoint.restore(checkpoint.get(), net, adam);
                    LOG.info("resuming {} after epoch {} of {}", runDir, state.epoch(), cfg.epochs);
                } else if (cfg.backboneWeights != null) {
                    StateDict.LoadReport r = BackboneWeights.load(net, Path.of(cfg.backboneWeights), cfg.allowPartial);
                    LOG.info("backbone weights: {} tensors loaded from {}{}", r.loaded().size(), cfg.backboneWeights,
                            r.isExact() ? "" : "; not loaded: " + r.problems());
                }
                History history = new History(state.history());
                long globalStep = state.globalStep();
                int bestEpoch = state.bestEpoch();
                for (int epoch = state.epoch(); epoch < cfg.epochs; epoch++) {
                    long t0 = System.nanoTime();
                    // Re-seeding per epoch makes dropout reproducible across a resume.
                    engine.setRandomSeed((int) (cfg.seed * 1009 + epoch));
                    List<FrameSample> samples = dropLonelyLast(sampling.trainingEpoch(train, epoch, scaleMax));
                    double lossSum = 0;
                    int lossCount = 0;
                    String task = String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, cfg.epochs);
                    try (BatchPipeline pipe = new BatchPipeline(samples, cfg.batchSize, modelConfig.inputSize,
                                    (f, rng, batch, i) -> loader.loadInto(f, aug, rng, batch, i),
                                    true, cfg.seed * 1000 + epoch, workers, 2);
                            ProgressBar bar = Progress.bar(task, pipe.batchCount(), "batch")) {
                        while (pipe.hasNext()) {
                            float loss = step(trainer, pipe.next(), modelConfig.inputSize);
                            if (!Float.isFinite(loss)) {
                                throw new PlegdfException(ExitCodes.TRAINING_DIVERGED, String.format(Locale.ROOT,
                                        "training diverged: loss is %s at epoch %d, step %d; the last good checkpoint and model are kept in %s",
                                        loss, epoch + 1, lossCount + 1, runDir));
                            }
                            lossSum += loss;
                            lossCount++;
                            globalStep++;
                            bar.step();
                            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", lossSum / lossCount));
                        }
                    }
                    List<VideoScorer.Scored> scored = new VideoScorer(net, trainer.getManager(), Math.max(cfg.batchSize, 32), workers)
                            .score(devFrames, null);
                    double[] preds = scored.stream().mapToDouble(VideoScorer.Scored::score).toArray();
                    Metrics m = Metrics.of(devLabels, preds, trainMean);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    history.add(new History.Row(epoch + 1, lossSum / Math.max(1, lossCount), m,
                            cfg.lrHead * schedule.factor(globalStep - 1), seconds));
                    boolean best = bestEpoch == 0 || m.rmse() < history.rows().get(bestEpoch - 1).dev().rmse();
                    if (best) {
                        bestEpoch = epoch + 1;
                        ModelStore.save(net, runDir.resolve("model"));
                        Plots.scatter(runDir.resolve("plots").resolve("dev_scatter.png"),
                                "Dev videos, epoch " + bestEpoch, devLabels, preds, scaleMax, modelConfig.scale.name());
                    }
                    history.write(runDir);
                    Checkpoint.save(runDir, net, adam, new Checkpoint.State(epoch + 1, globalStep, bestEpoch, history.rows()));
                    LOG.info(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  dev RMSE %.2f  MAE %.2f  (mean predictor %.2f)  %.0f s%s",
                            epoch + 1, cfg.epochs, lossSum / Math.max(1, lossCount), m.rmse(), m.mae(), m.baselineRmse(),
                            seconds, best ? "  * best" : ""));
                }
                Result r = new Result(runDir, bestEpoch, history.rows().get(bestEpoch - 1).dev(), (System.nanoTime() - start) / 1e9);
                Json.write(runDir.resolve("result.json"), r);
                return r;
            }
        }
    }

    /** BatchNorm cannot train on a batch of one: drop a lone sample left over at the end. */
    private List<FrameSample> dropLonelyLast(List<FrameSample> samples) {
        if (samples.size() % cfg.batchSize == 1 && samples.size() > 1) {
            return new ArrayList<>(samples.subList(0, samples.size() - 1));
        }
        return samples;
    }

    private static float step(Trainer trainer, BatchPipeline.Batch b, int s) {
        try (NDManager sub = trainer.getManager().newSubManager();
                GradientCollector gc = trainer.newGradientCollector()) {
            NDArray x = Tensors.create(sub, b.images(), new Shape(b.size(), 3, s, s));
            NDArray y = Tensors.create(sub, b.targets(), new Shape(b.size()));
            NDList pred = trainer.forward(new NDList(x));
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), pred);
            gc.backward(loss);
            float v = loss.getFloat();
            trainer.step();
            if (LOG.isTraceEnabled()) {
                // For tracking down run-to-run differences: the exact loss, and a checksum of the batch that produced it.
                double sum = 0;
                for (float f : b.images()) {
                    sum += f;
                }
                LOG.trace(String.format(java.util.Locale.ROOT, "step loss %.9e, batch %d frames, pixel sum %.17g, first target %.9e",
                        v, b.size(), sum, b.targets()[0]));
            }
            return v;
        }
    }

    private void prepareRunDir(boolean resume) {
        if (!resume && (Checkpoint.latest(runDir).isPresent() || Files.isRegularFile(runDir.resolve("result.json")))) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, runDir
                    + ": already holds a training run; use `train --resume " + runDir + "` to continue it, or another --out");
        }
        try {
            Files.createDirectories(runDir.resolve("plots"));
        } catch (java.io.IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, "cannot create run folder " + runDir + ": " + e.getMessage(), e);
        }
        if (!resume) {
            RunConfig rc = new RunConfig();
            rc.model = modelConfig;
            rc.training = cfg;
            Json.write(runDir.resolve(RUN_CONFIG), rc);
        }
        Json.write(runDir.resolve("run.json"), RunInfo.capture(cfg, modelConfig, data.file()));
    }
}
