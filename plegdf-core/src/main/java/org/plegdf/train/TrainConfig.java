package org.plegdf.train;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * Training settings (architecture.md section 6). Saved as {@code train.json} in every run folder.
 * Defaults are the paper-like ones; {@link #cpuDemo()} gives the quick CPU settings of the demo.
 */
public final class TrainConfig {
    /** Epochs. */
    @JsonProperty("epochs")
    public int epochs = 50;

    /** Frames per batch. */
    @JsonProperty("batch_size")
    public int batchSize = 32;

    /** Adam learning rate of the backbone. */
    @JsonProperty("lr_backbone")
    public double lrBackbone = 1e-4;

    /** Adam learning rate of the new modules (tokens, PLEGDF, FGLSCF, heads). */
    @JsonProperty("lr_head")
    public double lrHead = 1e-3;

    /** L2 weight decay (PyTorch Adam's weight_decay). */
    @JsonProperty("weight_decay")
    public double weightDecay = 1e-4;

    /** Linear warm-up length in epochs before the cosine decay. */
    @JsonProperty("warmup_epochs")
    public double warmupEpochs = 1;

    /**
     * Draw training frames from every k-th crop of each video (1 = every crop). The crops are
     * already one video frame in {@code preprocessing.frame_step}; this thins them again, so it is
     * 1 unless a dataset has many more crops than {@code max_frames_per_video} needs. Read from
     * {@code "frame_step"} in run configurations written before it had a name of its own.
     */
    @JsonProperty("crop_step")
    @JsonAlias("frame_step")
    public int cropStep = 1;

    /** At most this many frames per video per epoch, re-drawn each epoch. */
    @JsonProperty("max_frames_per_video")
    public int maxFramesPerVideo = 64;

    /** At most this many frames per video when scoring dev/test videos (evenly spaced); 0 = all. */
    @JsonProperty("eval_max_frames")
    public int evalMaxFrames = 64;

    /**
     * Random horizontal flip. Off by default: a flip turns a cue on one side of the face into the
     * other side's, and on drawn faces with one-sided cues it cost every learner its signal
     * (docs/results.md, "Training recipe on held-out faces").
     */
    @JsonProperty("flip")
    public boolean flip = false;

    /** Smallest area fraction of the random resized crop (1 = no crop). */
    @JsonProperty("crop_scale_min")
    public double cropScaleMin = 0.8;

    /** Brightness and contrast jitter amplitude (0 = none). */
    @JsonProperty("jitter")
    public double jitter = 0.1;

    /** Seed of every random choice (initialisation, sampling, augmentation, dropout). */
    @JsonProperty("seed")
    public long seed = 42;

    /** Image decoding threads (0 = number of cores). */
    @JsonProperty("workers")
    public int workers = 0;

    /** Device: auto, cpu, gpu, gpu:N. */
    @JsonProperty("device")
    public String device = "auto";

    /** A torchvision ResNet state_dict (safetensors or torch.save) to start the backbone from (null = random). */
    @JsonProperty("backbone_weights")
    public String backboneWeights;

    /** Load what matches of backbone_weights and list the rest, instead of refusing. */
    @JsonProperty("allow_partial")
    public boolean allowPartial;

    /** A whole network's state_dict (safetensors or torch.save, e.g. from tools/reference) to start from (null = random). */
    @JsonProperty("init_weights")
    public String initWeights;

    /**
     * Where the score outputs start: {@code "zero"} (PyTorch's default initialisation of their
     * biases, near 0) or {@code "train_mean"} (their biases set to the training labels' mean).
     */
    @JsonProperty("head_bias_init")
    public String headBiasInit = "train_mean";

    /**
     * How PLEGDF's residual branches start: {@code "default"} (PyTorch's initialisation) or
     * {@code "zero"} (their last layers zeroed: see {@code PlegdfFglscfNet.zeroResidualBranches}).
     */
    @JsonProperty("residual_init")
    public String residualInit = "default";

    /**
     * Per-step decay of the exponential moving average of the weights that the dev split scores
     * and the model folder keeps (0 = none: the raw weights of the best epoch).
     */
    @JsonProperty("weight_ema")
    public double weightEma = 0.99;

    /** Cross-validation fold to train (null = the manifest's own splits). */
    @JsonProperty("fold")
    public Integer fold;

    /**
     * The folds file that {@link #fold} refers to (null = the dataset's own folds.csv); plegdf cv
     * sets it to the copy in its output folder, which may hold folds made by cv itself.
     */
    @JsonProperty("folds_file")
    public String foldsFile;

    /** @return the quick CPU settings the demo uses */
    public static TrainConfig cpuDemo() {
        TrainConfig t = new TrainConfig();
        t.epochs = 24;
        t.batchSize = 32;
        // no pretrained backbone in the demo: the backbone learns at the head's rate
        t.lrBackbone = 1e-3;
        t.maxFramesPerVideo = 32;
        t.evalMaxFrames = 48;
        return t;
    }

    /**
     * The defaults with the settings that issue 20's recipe added set to what plegdf did before
     * them (no head bias at the mean, default residual initialisation, no weight average, flips):
     * what a run folder written before they existed ran with.
     *
     * @return a new configuration
     */
    public static TrainConfig beforeRecipeSettings() {
        TrainConfig t = new TrainConfig();
        t.headBiasInit = "zero";
        t.residualInit = "default";
        t.weightEma = 0;
        t.flip = true;
        return t;
    }

    /** @return the worker count to use */
    public int effectiveWorkers() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /**
     * @return this
     * @throws PlegdfException naming the bad value
     */
    public TrainConfig validate() {
        String bad = null;
        if (epochs < 1) {
            bad = "epochs must be >= 1, got " + epochs;
        } else if (batchSize < 2) {
            bad = "batch_size must be >= 2 (BatchNorm needs two samples), got " + batchSize;
        } else if (!(lrBackbone >= 0) || !(lrHead > 0)) {
            bad = "learning rates must be >= 0 (lr_head > 0)";
        } else if (weightDecay < 0) {
            bad = "weight_decay must be >= 0";
        } else if (cropStep < 1) {
            bad = "crop_step must be >= 1, got " + cropStep;
        } else if (maxFramesPerVideo < 1) {
            bad = "max_frames_per_video must be >= 1, got " + maxFramesPerVideo;
        } else if (evalMaxFrames < 0) {
            bad = "eval_max_frames must be >= 0";
        } else if (cropScaleMin <= 0 || cropScaleMin > 1) {
            bad = "crop_scale_min must be in (0, 1], got " + cropScaleMin;
        } else if (jitter < 0 || jitter >= 1) {
            bad = "jitter must be in [0, 1), got " + jitter;
        } else if (warmupEpochs < 0) {
            bad = "warmup_epochs must be >= 0";
        } else if (workers < 0) {
            bad = "workers must be >= 0 (0 = one per core), got " + workers;
        } else if (!"zero".equals(headBiasInit) && !"train_mean".equals(headBiasInit)) {
            bad = "head_bias_init must be zero or train_mean, got " + headBiasInit;
        } else if (!(weightEma >= 0 && weightEma < 1)) {
            bad = "weight_ema must be in [0, 1) (0 = no average), got " + weightEma;
        } else if (!"default".equals(residualInit) && !"zero".equals(residualInit)) {
            bad = "residual_init must be default or zero, got " + residualInit;
        } else if (initWeights != null && backboneWeights != null) {
            bad = "init_weights (the whole network) and backbone_weights exclude each other";
        }
        if (bad != null) {
            throw new PlegdfException(ExitCodes.BAD_CONFIG, "invalid training configuration: " + bad);
        }
        return this;
    }

    /** @return a deep copy */
    public TrainConfig copy() {
        return Json.mapper().convertValue(Json.mapper().valueToTree(this), TrainConfig.class);
    }

    /**
     * @param file a train.json
     * @return the validated settings
     */
    public static TrainConfig read(Path file) {
        TrainConfig t = Json.read(file, TrainConfig.class, ExitCodes.BAD_CONFIG);
        try {
            return t.validate();
        } catch (PlegdfException e) {
            throw new PlegdfException(e.exitCode(), file + ": " + e.getMessage(), e);
        }
    }
}
