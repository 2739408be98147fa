package org.plegdf.model;

/** Small configurations that keep CPU tests fast. */
final class TinyConfigs {
    private TinyConfigs() {}

    static ModelConfig tiny(BackboneSpec backbone, Ablation ablation, int size) {
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
