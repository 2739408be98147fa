package org.plegdf.testkit;

import org.plegdf.model.Ablation;
import org.plegdf.model.BackboneSpec;
import org.plegdf.model.ModelConfig;

/**
 * The one small network of the tests: a backbone (resnet18-quarter unless told), D = 32, 4 heads,
 * 2 x 2 regions, one encoder layer, no dropout. Small enough for CPU tests, the full architecture.
 */
public final class TinyModel {
    private TinyModel() {}

    /** @return the tiny full network at 64 px */
    public static ModelConfig config() {
        return config(BackboneSpec.RESNET18_QUARTER, Ablation.FULL, 64);
    }

    /**
     * @param ablation which ablation
     * @return the tiny network at 64 px
     */
    public static ModelConfig config(Ablation ablation) {
        return config(BackboneSpec.RESNET18_QUARTER, ablation, 64);
    }

    /**
     * @param backbone the backbone
     * @param ablation which ablation
     * @param size input side in pixels
     * @return the validated configuration (a fresh copy each call)
     */
    public static ModelConfig config(BackboneSpec backbone, Ablation ablation, int size) {
        ModelConfig c = new ModelConfig();
        c.backbone = backbone.id();
        c.ablation = ablation;
        c.inputSize = size;
        c.dim = 32;
        c.heads = 4;
        c.regions = 2;
        c.encoderLayers = 1;
        c.dropout = 0.0;
        return c.validate();
    }
}
