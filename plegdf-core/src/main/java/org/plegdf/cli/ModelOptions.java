package org.plegdf.cli;

import org.plegdf.model.Ablation;
import org.plegdf.model.ModelConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Option;

/** The network flags shared by model, train and bench; each overrides the configuration file. */
public final class ModelOptions {

    @Option(names = "--backbone", description = "resnet18, resnet34, resnet50, resnet18-half, resnet18-quarter.")
    String backbone;

    @Option(names = "--ablation", description = "full, no-plegdf, no-fglscf, backbone-only.")
    String ablation;

    @Option(names = "--input-size", description = "Face crop side in pixels.")
    Integer inputSize;

    /**
     * @param base the configuration to start from (defaults, or a file the user gave)
     * @return a validated copy with the flags applied
     */
    public ModelConfig resolve(ModelConfig base) {
        ModelConfig cfg = base.copy();
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
