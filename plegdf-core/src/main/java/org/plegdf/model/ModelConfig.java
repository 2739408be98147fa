package org.plegdf.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import org.plegdf.face.CropRecipe;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * Every hyper-parameter of the PLEGDF-FGLSCF network (architecture.md sections 1-5), the rating
 * scale and the input normalisation. Saved as {@code config.json} beside every model's weights and
 * read back, so a model folder fully describes the network that computes it.
 */
public final class ModelConfig {
    /** Version of this file's layout; a model written by a newer, incompatible plegdf is refused. */
    public static final int FORMAT_VERSION = 1;

    /** Layout version of this configuration. */
    @JsonProperty("format_version")
    public int formatVersion = FORMAT_VERSION;

    /** Backbone: resnet18, resnet34, resnet50, resnet18-half, resnet18-quarter. */
    @JsonProperty("backbone")
    public String backbone = "resnet50";

    /** Side S of the square aligned face crop, in pixels. */
    @JsonProperty("input_size")
    public int inputSize = 224;

    /** Token width D. */
    @JsonProperty("dim")
    public int dim = 256;

    /** Local region grid R (R x R regions). */
    @JsonProperty("regions")
    public int regions = 4;

    /** Np: transformer encoder layers of the region correlation. */
    @JsonProperty("encoder_layers")
    public int encoderLayers = 2;

    /** H: attention heads. */
    @JsonProperty("heads")
    public int heads = 8;

    /** FFN hidden width as a multiple of D. */
    @JsonProperty("ffn_ratio")
    public int ffnRatio = 4;

    /** Dropout probability p. */
    @JsonProperty("dropout")
    public double dropout = 0.1;

    /** Weight of the two auxiliary losses. */
    @JsonProperty("lambda_aux")
    public double lambdaAux = 0.1;

    /** Weight of the global-local consistency loss. */
    @JsonProperty("lambda_cons")
    public double lambdaCons = 0.1;

    /** Which ablation of section 5 to build. */
    @JsonProperty("ablation")
    public Ablation ablation = Ablation.FULL;

    /** The rating scale of the targets; targets are divided by its max for training. */
    @JsonProperty("scale")
    public RatingScale scale = RatingScale.bdi2();

    /** Per-channel RGB mean of the input normalisation (ImageNet). */
    @JsonProperty("mean")
    public float[] mean = {0.485f, 0.456f, 0.406f};

    /** Per-channel RGB std of the input normalisation (ImageNet). */
    @JsonProperty("std")
    public float[] std = {0.229f, 0.224f, 0.225f};

    /** How video frames were turned into face crops for training (predict repeats it). */
    @JsonProperty("preprocessing")
    public CropRecipe preprocessing = CropRecipe.DEFAULT;

    /**
     * The data the model was trained on, for reports: the dataset's name and rating scale
     * ({@code dataset.json}), "synthetic" for {@code plegdf synth} data, else the manifest's path.
     * Null for models from before it was recorded, or not trained by plegdf.
     */
    @JsonProperty("trained_on")
    public String trainedOn;

    /** @return the parsed backbone spec */
    public BackboneSpec backboneSpec() {
        return BackboneSpec.parse(backbone);
    }

    /** @return spatial side of the C3 tap for this input size (stride 16) */
    public int c3Side() {
        return ResNetBackbone.sideAfterStride(inputSize, 16);
    }

    /** @return spatial side of the C4 tap for this input size (stride 32) */
    public int c4Side() {
        return ResNetBackbone.sideAfterStride(inputSize, 32);
    }

    /**
     * A configuration for quick CPU runs and tests: resnet18-quarter at 112 px, D = 64, 4 heads.
     *
     * @return a new small configuration
     */
    public static ModelConfig cpuDefaults() {
        ModelConfig c = new ModelConfig();
        c.backbone = BackboneSpec.RESNET18_QUARTER.id();
        c.inputSize = 112;
        c.dim = 64;
        c.heads = 4;
        return c;
    }

    /** @return a deep copy */
    public ModelConfig copy() {
        return Json.mapper().convertValue(Json.mapper().valueToTree(this), ModelConfig.class);
    }

    /**
     * Checks every value, so a bad configuration fails before a network is built.
     *
     * @return this
     * @throws PlegdfException with {@link ExitCodes#BAD_CONFIG} naming the bad value
     */
    public ModelConfig validate() {
        try {
            if (formatVersion > FORMAT_VERSION) {
                throw new IllegalArgumentException("format_version " + formatVersion
                        + " is newer than this plegdf understands (" + FORMAT_VERSION + "); upgrade plegdf");
            }
            backboneSpec();
            require(ablation != null, "ablation must be set");
            require(inputSize >= 32 && inputSize <= 1024, "input_size must be in [32, 1024], got " + inputSize);
            require(dim >= 8, "dim must be >= 8, got " + dim);
            require(heads >= 1 && dim % heads == 0, "dim (" + dim + ") must be divisible by heads (" + heads + ")");
            require(dim % 2 == 0, "dim must be even (the head's hidden width is dim/2), got " + dim);
            require(regions >= 1 && regions <= c3Side(), "regions must be in [1, " + c3Side()
                    + "] for input_size " + inputSize + " (C3 is " + c3Side() + "x" + c3Side() + "), got " + regions);
            require(encoderLayers >= 0, "encoder_layers must be >= 0, got " + encoderLayers);
            require(ffnRatio >= 1, "ffn_ratio must be >= 1, got " + ffnRatio);
            require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
            require(lambdaAux >= 0 && lambdaCons >= 0, "lambda_aux and lambda_cons must be >= 0");
            require(mean != null && mean.length == 3 && std != null && std.length == 3, "mean and std need 3 values (RGB)");
            for (float s : std) {
                require(s > 0, "std values must be > 0");
            }
            require(scale != null, "scale must be set");
            scale.validate();
            require(preprocessing != null, "preprocessing must be set");
            preprocessing.validate();
        } catch (IllegalArgumentException e) {
            throw new PlegdfException(ExitCodes.BAD_CONFIG, "invalid model configuration: " + e.getMessage(), e);
        }
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * @param file a config.json
     * @return the validated configuration
     */
    public static ModelConfig read(Path file) {
        ModelConfig c = Json.read(file, ModelConfig.class, ExitCodes.BAD_CONFIG);
        try {
            return c.validate();
        } catch (PlegdfException e) {
            throw new PlegdfException(e.exitCode(), file + ": " + e.getMessage(), e);
        }
    }
}
