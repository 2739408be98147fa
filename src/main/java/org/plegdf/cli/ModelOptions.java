package org.plegdf.cli;

import java.nio.file.Path;
import org.plegdf.model.Ablation;
import org.plegdf.model.ModelConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Option;

/** The network options shared by model, train and bench: a config file plus per-flag overrides. */
public final class ModelOptions {

    @Option(names = "--config", description = "A model configuration JSON (see docs/configuration.md); flags below override it.")
    Path config;

    @Option(names = "--backbone", description = "resnet18, resnet34, resnet50, resnet18-half, resnet18-quarter.")
    String backbone;

    @Option(names = "--ablation", description = "full, no-plegdf, no-fglscf, backbone-only.")
    String ablation;

    @Option(names = "--input-size", description = "Face crop side in pixels.")
    Integer inputSize;

    /**
     * @param defaults the configuration to start from when no --config is given
     * @return the validated configuration
     */
    public ModelConfig resolve(ModelConfig defaults) {
        ModelConfig cfg = config != null ? ModelConfig.read(config) : defaults.copy();
        if (backbone != null) {
            cfg.backbone = backbone;
        }
        if (ablation != null) {
            try {
                cfg.ablation = Ablation.parse(ablation);
            } catch (IllegalArgumentException e) {
                throw new PlegdfException(ExitCodes.BAD_CONFIG, e.getMessage(), e);
            }
        }
        if (inputSize != null) {
            cfg.inputSize = inputSize;
        }
        return cfg.validate();
    }
}
