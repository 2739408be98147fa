package org.plegdf.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plegdf.data.DatasetInfo;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.RatingScale;
import org.plegdf.train.RunConfig;
import org.plegdf.train.TrainConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The options that say how to train, shared by {@code train}, {@code ablate} and {@code cv}: a run
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

    @CommandLine.Mixin DeviceOption deviceOption;

    @Option(names = "--workers", description = "Image decoding threads (default: cores).")
    Integer workers;

    @Option(names = "--scale", description = "Rating scale of the labels: BDI-II, PHQ-8, PHQ-9, HAM-D (default: the dataset's dataset.json, else BDI-II).")
    String scale;

    @Option(names = "--backbone-weights", paramLabel = "FILE", description = "A torchvision ResNet state_dict: a torch.save .pth/.pt/.bin or safetensors file (docs/interop.md); fc is ignored.")
    Path backboneWeights;

    @Option(names = "--allow-partial", description = "With --backbone-weights: load what matches by name and shape, list the rest.")
    boolean allowPartial;

    @Option(names = "--init-weights", paramLabel = "FILE", description = "Start from a whole network's state_dict (torch.save or safetensors, e.g. written by tools/reference), loaded strictly.")
    Path initWeights;

    @Option(names = "--cpu-defaults", description = "Start from the quick CPU settings of the demo (resnet18-quarter at 112 px, 24 epochs).")
    boolean cpuDefaults;

    /**
     * @param data the dataset (its dataset.json, if any, gives the rating scale)
     * @param cpuByDefault start from the CPU demo settings when no --config is given
     * @return the validated configuration, in layers: the defaults, then the CPU settings (with
     *     --cpu-defaults, or by default for ablate), then the keys the --config file sets, then the flags
     */
    public RunConfig resolve(Path data, boolean cpuByDefault) {
        RunConfig base = new RunConfig();
        if (cpuDefaults || (cpuByDefault && config == null)) {
            base.model = ModelConfig.cpuDefaults();
            base.training = TrainConfig.cpuDemo();
        }
        RunConfig rc = config != null ? RunConfig.read(config, base) : base;
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
        if (initWeights != null) {
            tc.initWeights = initWeights.toAbsolutePath().toString();
        }
        applyRuntime(tc);
        tc.validate();
        return rc;
    }

    /**
     * @param recorded a run's recorded configuration
     * @return the flags given here that would change it, each with the recorded value (device and
     *     workers may change; --epochs is the caller's to judge)
     */
    public List<String> conflictsWith(RunConfig recorded) {
        List<String> out = new ArrayList<>();
        if (config != null) {
            out.add("--config " + config + " (the run keeps its run_config.json)");
        }
        if (cpuDefaults) {
            out.add("--cpu-defaults (the run keeps its run_config.json)");
        }
        differs(out, "--batch-size", batchSize, recorded.training.batchSize);
        differs(out, "--seed", seed, recorded.training.seed);
        differs(out, "--backbone", model.backbone, recorded.model.backbone);
        differs(out, "--ablation", model.ablation, recorded.model.ablation.id());
        differs(out, "--input-size", model.inputSize, recorded.model.inputSize);
        differs(out, "--scale", scale, recorded.model.scale.name());
        differs(out, "--backbone-weights", backboneWeights == null ? null : backboneWeights.toAbsolutePath().toString(), recorded.training.backboneWeights);
        return out;
    }

    private static void differs(List<String> out, String flag, Object given, Object recorded) {
        if (given != null && !given.toString().equalsIgnoreCase(String.valueOf(recorded))) {
            out.add(flag + " " + given + " (the run has " + recorded + ")");
        }
    }

    /**
     * Applies the options that may change between a run and its resumption (device, workers).
     *
     * @param tc the training settings to update
     */
    public void applyRuntime(TrainConfig tc) {
        deviceOption.given().ifPresent(d -> tc.device = d);
        if (workers != null) {
            tc.workers = workers;
        }
    }
}
