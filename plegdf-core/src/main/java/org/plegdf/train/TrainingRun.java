package org.plegdf.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.plegdf.data.DatasetInfo;
import org.plegdf.data.Manifest;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.BackboneWeights;
import org.plegdf.model.NetworkWeights;
import org.plegdf.model.Engines;
import org.plegdf.model.MeanPredictorCheck;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.PlegdfLoss;
import org.plegdf.model.RatingScale;
import org.plegdf.model.StateDict;
import org.plegdf.model.TorchNames;
import org.plegdf.store.RunFiles;
import org.plegdf.store.RunLock;
import org.plegdf.synth.SyntheticDataset;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;
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

    /**
     * What a finished run achieved.
     *
     * Written as {@code result.json}; files from before the keys were snake_case, or from before the
     * mean-predictor comparison was recorded, still read (the comparison is derived from
     * {@code best_dev} whatever the file says).
     *
     * @param runDir the run folder
     * @param bestEpoch the 1-based epoch whose model was kept
     * @param bestDev dev metrics of that epoch
     * @param seconds wall time of this invocation
     * @param beatsMeanPredictor whether the kept model's dev RMSE is below the mean predictor's
     * @param devRmse the kept model's dev RMSE
     * @param devMeanPredictorRmse the mean predictor's RMSE on the same dev videos
     */
    public record Result(
            @JsonProperty("run_dir") @JsonAlias("runDir") String runDir,
            @JsonProperty("best_epoch") @JsonAlias("bestEpoch") int bestEpoch,
            @JsonProperty("best_dev") @JsonAlias("bestDev") Metrics bestDev,
            @JsonProperty("seconds") double seconds,
            @JsonProperty("beats_mean_predictor") Boolean beatsMeanPredictor,
            @JsonProperty("dev_rmse") Double devRmse,
            @JsonProperty("dev_mean_predictor_rmse") Double devMeanPredictorRmse) {

        /** Derives the comparison from {@code bestDev}, so it cannot disagree with the figures. */
        public Result {
            if (bestDev != null) {
                devRmse = bestDev.rmse();
                devMeanPredictorRmse = bestDev.baselineRmse();
                beatsMeanPredictor = meanPredictorCheck(bestDev).beaten();
            }
        }

        /**
         * @param runDir the run folder
         * @param bestEpoch the 1-based epoch whose model was kept
         * @param bestDev dev metrics of that epoch
         * @param seconds wall time of this invocation
         */
        public Result(String runDir, int bestEpoch, Metrics bestDev, double seconds) {
            this(runDir, bestEpoch, bestDev, seconds, null, null, null);
        }

        /** @return the kept model's dev RMSE against the mean predictor's */
        public MeanPredictorCheck meanPredictorCheck() {
            return meanPredictorCheck(bestDev);
        }

        private static MeanPredictorCheck meanPredictorCheck(Metrics dev) {
            return new MeanPredictorCheck(dev.rmse(), dev.baselineRmse());
        }

        /** @return the warning line when the kept model did not beat the mean predictor on dev */
        public java.util.Optional<String> warning() {
            return meanPredictorCheck().warning("the selected model's dev RMSE");
        }
    }

    private final Manifest data;
    private final ModelConfig modelConfig;
    private final TrainConfig cfg;
    private final Path runDir;
    private final RunFiles files;

    /**
     * @param data the dataset (frame folders; labelled train and dev videos needed)
     * @param modelConfig the network to build
     * @param cfg the training settings
     * @param runDir the run folder to write
     */
    public TrainingRun(Manifest data, ModelConfig modelConfig, TrainConfig cfg, Path runDir) {
        RunConfig recorded = asRecorded(data, modelConfig, cfg);
        this.data = data;
        this.modelConfig = recorded.model;
        this.cfg = recorded.training;
        this.runDir = runDir;
        this.files = new RunFiles(runDir);
    }

    /**
     * @param data the dataset
     * @param modelConfig the network asked for
     * @param cfg the training settings asked for
     * @return the configuration a run of them records in its run_config.json (validated copies; the
     *     model carries how the dataset's crops were made, so predict can repeat it on new videos)
     */
    public static RunConfig asRecorded(Manifest data, ModelConfig modelConfig, TrainConfig cfg) {
        RunConfig rc = new RunConfig();
        rc.model = modelConfig.validate().copy();
        rc.model.preprocessing = DatasetPreprocessing.of(data.root(), rc.model.preprocessing);
        rc.model.trainedOn = trainedOn(data, rc.model.scale);
        rc.training = cfg.validate().copy();
        return rc;
    }

    private static String trainedOn(Manifest data, RatingScale scale) {
        if (Files.isRegularFile(data.root().resolve(SyntheticDataset.INFO_FILE))) {
            return "synthetic (plegdf synth), " + scale.name();
        }
        return DatasetInfo.find(data.file()).map(d -> d.source() + " (" + data.root().getFileName() + "), " + d.scale().name())
                .orElse(data.file().toAbsolutePath().normalize() + ", " + scale.name());
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
        if (!resume) {
            files.refuseForeign();
        }
        boolean created = !Files.exists(runDir);
        Thread hint = new Thread(this::interruptedHint, "plegdf-interrupt-hint");
        try (RunLock lock = RunLock.acquire(runDir, "training run")) {
            Optional<Path> checkpoint = resume ? Checkpoint.latest(runDir) : Optional.empty();
            Optional<Result> done = resume ? nothingLeft(checkpoint) : Optional.empty();
            if (done.isPresent()) {
                return done.get();
            }
            prepareRunDir(resume);
            Runtime.getRuntime().addShutdownHook(hint);
            Result r = train(train, dev, checkpoint);
            Runtime.getRuntime().removeShutdownHook(hint);
            return r;
        } catch (RuntimeException e) {
            removeHook(hint);
            if (created && Checkpoint.latest(runDir).isEmpty()) {
                // Nothing of this run is worth keeping: leave no half-created run folder behind.
                files.clear();
                files.removeIfEmpty();
            }
            throw e;
        }
    }

    private Result train(List<VideoRecord> train, List<VideoRecord> dev, Optional<Path> checkpoint) {
        long start = System.nanoTime();
        Engines.engine().setRandomSeed((int) cfg.seed);
        FrameSampling sampling = new FrameSampling(data, cfg);
        EpochLoop.Data epochData = new EpochLoop.Data(train, sampling.scoringFrames(dev),
                dev.stream().mapToDouble(VideoRecord::label).toArray(), train.stream().mapToDouble(VideoRecord::label).average().orElseThrow());
        int steps = Math.max(1, (sampling.trainingEpoch(train, 0, modelConfig.scale.max()).size() + cfg.batchSize - 1) / cfg.batchSize);
        CosineSchedule schedule = new CosineSchedule(Math.round(cfg.warmupEpochs * steps), (long) cfg.epochs * steps);
        LOG.info(String.format(Locale.ROOT, "training %s at %d px (D %d, H %d, R %d, %d encoder layers, ablation %s, %s); %d train and %d dev videos from %s; "
                + "%d epochs of at most %d crops per video, seed %d", modelConfig.backbone, modelConfig.inputSize, modelConfig.dim, modelConfig.heads,
                modelConfig.regions, modelConfig.encoderLayers, modelConfig.ablation.id(), modelConfig.scale.name(), train.size(), dev.size(),
                data.file(), cfg.epochs, cfg.maxFramesPerVideo, cfg.seed));
        Checkpoint.State state = train(new EpochLoop(cfg, modelConfig, files, sampling, epochData, schedule), schedule, checkpoint, epochData.trainMean());
        Result r = new Result(runDir.toString(), state.bestEpoch(), state.history().get(state.bestEpoch() - 1).dev(),
                (System.nanoTime() - start) / 1e9);
        Json.write(files.result(), r);
        return r;
    }

    /** Builds the network and its optimizer, starts or restores them, and runs the remaining epochs. */
    private Checkpoint.State train(EpochLoop loop, CosineSchedule schedule, Optional<Path> checkpoint, double trainMean) {
        List<Device> devices = Engines.devices(cfg.device);
        Device device = devices.get(0);
        PlegdfFglscfNet net = new PlegdfFglscfNet(modelConfig);
        try (Model model = Model.newInstance("plegdf", device)) {
            model.setBlock(net);
            Set<String> backboneIds = new HashSet<>();
            net.backbone().getParameters().forEach(p -> backboneIds.add(p.getValue().getId()));
            PlegdfAdam adam = new PlegdfAdam(backboneIds, cfg.lrBackbone, cfg.lrHead, cfg.weightDecay, schedule);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(new PlegdfLoss(modelConfig))
                    .optOptimizer(adam)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(net.inputShape(cfg.batchSize));
                long parameters = TorchNames.of(net).values().stream().filter(p -> p.requiresGradient()).mapToLong(p -> p.getShape().size()).sum();
                LOG.info(String.format(Locale.ROOT, "%,d trainable parameters; device %s; run folder %s", parameters, device, runDir));
                Checkpoint.State state = start(net, adam, checkpoint, trainMean);
                DataParallelStep parallel = new DataParallelStep(trainer, net, devices);
                try (WeightAverage average = cfg.weightEma > 0 ? new WeightAverage(net, cfg.weightEma, trainer.getManager()) : null) {
                    if (average != null && checkpoint.isPresent()) {
                        Checkpoint.restoreAverage(checkpoint.get(), average);
                    }
                    while (state.epoch() < cfg.epochs) {
                        state = loop.run(trainer, parallel, net, adam, average, state);
                    }
                }
                return state;
            }
        }
    }

    /** @return the state to continue from: the checkpoint's, or a fresh start (from backbone weights when given) */
    private Checkpoint.State start(PlegdfFglscfNet net, PlegdfAdam adam, Optional<Path> checkpoint, double trainMean) {
        if (checkpoint.isPresent()) {
            Checkpoint.State state = Checkpoint.restore(checkpoint.get(), net, adam);
            LOG.info("resuming {} after epoch {} of {}", runDir, state.epoch(), cfg.epochs);
            return state;
        }
        if (cfg.backboneWeights != null) {
            StateDict.LoadReport r = BackboneWeights.load(net, Path.of(cfg.backboneWeights), cfg.allowPartial);
            LOG.info("backbone weights: {} tensors loaded from {}{}", r.loaded().size(), cfg.backboneWeights,
                    r.isExact() ? "" : "; not loaded: " + r.problems());
        } else if (cfg.initWeights != null) {
            NetworkWeights.load(net, Path.of(cfg.initWeights));
        }
        if (cfg.initWeights == null && "train_mean".equals(cfg.headBiasInit)) {
            net.startScoresAt((float) (trainMean / modelConfig.scale.max()));
        }
        if (cfg.initWeights == null && "zero".equals(cfg.residualInit)) {
            LOG.info("residual branches zeroed at the start: {} arrays", net.zeroResidualBranches());
        }
        return new Checkpoint.State(0, 0, 0, List.of());
    }

    /** @return the finished run's result when a resume has no epoch left to train (then no file is touched) */
    private Optional<Result> nothingLeft(Optional<Path> checkpoint) {
        if (!files.finished() || checkpoint.isEmpty() || Checkpoint.readState(checkpoint.get()).epoch() < cfg.epochs) {
            return Optional.empty();
        }
        LOG.info("{}: finished after {} epochs; nothing left to do (give --epochs N to extend it)", runDir, cfg.epochs);
        return Optional.of(Json.read(files.result(), Result.class, ExitCodes.BAD_MODEL));
    }

    private void interruptedHint() {
        String kept = Checkpoint.latest(runDir).isPresent()
                ? "continue it with `plegdf train --resume " + runDir + "`"
                : "no epoch had completed, nothing to resume";
        System.err.println("plegdf: training interrupted; " + kept);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down already, or never added
        }
    }

    private void prepareRunDir(boolean resume) {
        if (!resume && (Checkpoint.latest(runDir).isPresent() || files.finished())) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, runDir
                    + ": already holds a training run; use `train --resume " + runDir + "` to continue it, or another --out");
        }
        try {
            Files.createDirectories(files.plots());
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, "cannot create run folder " + runDir + ": " + e.getMessage(), e);
        }
        boolean extended = resume && RunConfig.of(files).training.epochs != cfg.epochs;
        if (!resume || extended) {
            RunConfig rc = new RunConfig();
            rc.model = modelConfig;
            rc.training = cfg;
            Json.write(files.runConfig(), rc);
        }
        if (extended) {
            // Finished at the old length; not finished at the new one until it ends.
            try {
                Files.deleteIfExists(files.result());
            } catch (IOException e) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, files.result() + ": cannot remove: " + e.getMessage(), e);
            }
        }
        Json.write(files.runInfo(), RunInfo.capture(cfg, modelConfig, data.file()));
    }
}
