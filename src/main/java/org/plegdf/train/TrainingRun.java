package org.plegdf.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.plegdf.data.Manifest;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.BackboneWeights;
import org.plegdf.model.Engines;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.PlegdfLoss;
import org.plegdf.model.StateDict;
import org.plegdf.store.RunFiles;
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
     * Written as {@code result.json}; files from before the keys were snake_case still read.
     *
     * @param runDir the run folder
     * @param bestEpoch the 1-based epoch whose model was kept
     * @param bestDev dev metrics of that epoch
     * @param seconds wall time of this invocation
     */
    public record Result(
            @JsonProperty("run_dir") @JsonAlias("runDir") String runDir,
            @JsonProperty("best_epoch") @JsonAlias("bestEpoch") int bestEpoch,
            @JsonProperty("best_dev") @JsonAlias("bestDev") Metrics bestDev,
            @JsonProperty("seconds") double seconds) {}

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
        this.data = data;
        this.modelConfig = modelConfig.validate().copy();
        // The model carries how its crops were made, so predict can repeat it on new videos.
        this.modelConfig.preprocessing = DatasetPreprocessing.of(data.root(), this.modelConfig.preprocessing);
        this.cfg = cfg.validate().copy();
        this.runDir = runDir;
        this.files = new RunFiles(runDir);
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
        long start = System.nanoTime();
        Engines.engine().setRandomSeed((int) cfg.seed);
        FrameSampling sampling = new FrameSampling(data, cfg);
        EpochLoop.Data epochData = new EpochLoop.Data(train, sampling.scoringFrames(dev),
                dev.stream().mapToDouble(VideoRecord::label).toArray(), train.stream().mapToDouble(VideoRecord::label).average().orElseThrow());
        int steps = Math.max(1, (sampling.trainingEpoch(train, 0, modelConfig.scale.max()).size() + cfg.batchSize - 1) / cfg.batchSize);
        CosineSchedule schedule = new CosineSchedule(Math.round(cfg.warmupEpochs * steps), (long) cfg.epochs * steps);
        Checkpoint.State state = train(new EpochLoop(cfg, modelConfig, files, sampling, epochData, schedule), schedule, checkpoint);
        Result r = new Result(runDir.toString(), state.bestEpoch(), state.history().get(state.bestEpoch() - 1).dev(),
                (System.nanoTime() - start) / 1e9);
        Json.write(files.result(), r);
        return r;
    }

    /** Builds the network and its optimizer, starts or restores them, and runs the remaining epochs. */
    private Checkpoint.State train(EpochLoop loop, CosineSchedule schedule, Optional<Path> checkpoint) {
        Device device = Engines.device(cfg.device);
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
                Checkpoint.State state = start(net, adam, checkpoint);
                while (state.epoch() < cfg.epochs) {
                    state = loop.run(trainer, net, adam, state);
                }
                return state;
            }
        }
    }

    /** @return the state to continue from: the checkpoint's, or a fresh start (from backbone weights when given) */
    private Checkpoint.State start(PlegdfFglscfNet net, PlegdfAdam adam, Optional<Path> checkpoint) {
        if (checkpoint.isPresent()) {
            Checkpoint.State state = Checkpoint.restore(checkpoint.get(), net, adam);
            LOG.info("resuming {} after epoch {} of {}", runDir, state.epoch(), cfg.epochs);
            return state;
        }
        if (cfg.backboneWeights != null) {
            StateDict.LoadReport r = BackboneWeights.load(net, Path.of(cfg.backboneWeights), cfg.allowPartial);
            LOG.info("backbone weights: {} tensors loaded from {}{}", r.loaded().size(), cfg.backboneWeights,
                    r.isExact() ? "" : "; not loaded: " + r.problems());
        }
        return new Checkpoint.State(0, 0, 0, List.of());
    }

    private void prepareRunDir(boolean resume) {
        if (!resume && (Checkpoint.latest(runDir).isPresent() || files.finished())) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, runDir
                    + ": already holds a training run; use `train --resume " + runDir + "` to continue it, or another --out");
        }
        try {
            Files.createDirectories(files.plots());
        } catch (java.io.IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, "cannot create run folder " + runDir + ": " + e.getMessage(), e);
        }
        if (!resume) {
            RunConfig rc = new RunConfig();
            rc.model = modelConfig;
            rc.training = cfg;
            Json.write(files.runConfig(), rc);
        }
        Json.write(files.runInfo(), RunInfo.capture(cfg, modelConfig, data.file()));
    }
}
