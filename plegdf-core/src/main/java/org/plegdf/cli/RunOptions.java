package org.plegdf.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.plegdf.data.DatasetInfo;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.RatingScale;
import org.plegdf.train.RunConfig;
import org.plegdf.train.TrainConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that say how to train, shared by {@code train} and {@code ablate}: a run
 * configuration file, the demo's CPU settings, and per-flag overrides of the model and training.
 */
public final class RunOptions {

    @Option(names = "--config", description = "Run configuration JSON (like a run folder's run_config.json) with optional \"model\" and \"training\" sections (docs/configuration.md).")
    Path config;

    @CommandLine.Mixin ModelOptions model;

    @Option(names = "--epochs", description = "Epochs (default 50; 24 with --cpu-defaults).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Frames per batch (default 32).")
    Integer batchSize;

    @Option(names = "--seed", description = "Seed of every random choice (default 42).")
    Long seed;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default auto).")
    String device;

    @Option(names = "--workers", description = "Image decoding threads (default: cores).")
    Integer workers;

    @Option(names = "--scale", description = "Rating scale of the labels: BDI-II, PHQ-8, PHQ-9, HAM-D (default: the dataset's dataset.json, else BDI-II).")
    String scale;

    @Option(names = "--backbone-weights", paramLabel = "FILE", description = "A torchvision ResNet state_dict saved as safetensors (docs/interop.md); fc is ignored.")
    Path backboneWeights;

    @Option(names = "--allow-partial", description = "With --backbone-weights: load what matches by name and shape, list the rest.")
    boolean allowPartial;

    @Option(names = "--cpu-defaults", description = "Start from the quick CPU settings of the demo (resnet18-quarter at 112 px, 24 epochs).")
    boolean cpuDefaults;

    /**
     * @param data the dataset (its dataset.json, if any, gives the rating scale)
     * @param cpuByDefault start from the CPU demo settings when no --config is given
     * @return the validated configuration: file or defaults, then the flags
     */
    public RunConfig resolve(Path data, boolean cpuByDefault) {
        RunConfig rc = config != null ? RunConfig.read(config) : new RunConfig();
        if (config == null && (cpuDefaults || cpuByDefault)) {
            rc.model = ModelConfig.cpuDefaults();
            rc.training = TrainConfig.cpuDemo();
        }
        Optional<DatasetInfo> dataset = DatasetInfo.find(data);
        if (scale != null) {
            try {
                rc.model.scale = RatingScale.byName(scale);
            } catch (IllegalArgumentException e) {
                throw new PlegdfException(ExitCodes.BAD_CONFIG, e.getMessage(), e);
            }
            if (dataset.isPresent() && !dataset.get().scale().name().equals(rc.model.scale.name())) {
                throw new PlegdfException(ExitCodes.BAD_CONFIG, "--scale " + rc.model.scale.name() + " but the labels of " + data
                        + " are on " + dataset.get().scale().name() + " (its " + DatasetInfo.FILE_NAME + ")");
            }
        } else if (dataset.isPresent()) {
            // the scale the labels were imported on, so the model and its reports speak it
            rc.model.scale = dataset.get().scale();
        }
        rc.model = model.resolve(rc.model);
        TrainConfig tc = rc.training;
        if (epochs != null) {
            tc.epochs = epochs;
        }
        if (batchSize != null) {
            tc.batchSize = batchSize;
        }
        if (seed != null) {
            tc.seed = seed;
        }
        if (backboneWeights != null) {
            tc.backboneWeights = backboneWeights.toAbsolutePath().toString();
            tc.allowPartial = allowPartial;
        }
        applyRuntime(tc);
        tc.validate();
        return rc;
    }

    /**
     * Applies the options that may change between a run and its resumption (device, workers).
     *
     * @param tc the training settings to update
     */
    public void applyRuntime(TrainConfig tc) {
        if (device != null) {
            tc.device = device;
        }
        if (workers != null) {
            tc.workers = workers;
        }
    }
}
