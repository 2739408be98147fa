package org.plegdf.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * How the face crops a model was trained on were made from video, so {@code plegdf predict} can
 * make new crops the same way instead of asking the user to re-type the settings. Part of the
 * model configuration ({@code "preprocessing"} in config.json); filled from the dataset's
 * {@code preprocess-summary.json} when training, defaults otherwise.
 */
public final class PreprocessingConfig {
    /** Analyse one video frame in this many (the {@code preprocess --every} value). */
    @JsonProperty("frame_step")
    public int frameStep = 3;

    /** The face detector: {@code haar} or {@code yunet}. */
    @JsonProperty("detector")
    public String detector = "haar";

    /** Smallest face searched, as a fraction of the frame's shorter side. */
    @JsonProperty("min_face")
    public double minFace = 0.15;

    /**
     * Side of the aligned crop in pixels; 0 means the network's input size. Crops of another size
     * are resized to the input size exactly as training resized them.
     */
    @JsonProperty("crop_size")
    public int cropSize = 0;

    /** Where these settings came from: {@code defaults}, or the summary file they were read from. */
    @JsonProperty("source")
    public String source = "defaults";

    /**
     * @param inputSize the network's input size
     * @return the crop side to cut faces at
     */
    public int effectiveCropSize(int inputSize) {
        return cropSize > 0 ? cropSize : inputSize;
    }

    /** @throws IllegalArgumentException naming the bad value */
    public void validate() {
        if (frameStep < 1) {
            throw new IllegalArgumentException("preprocessing.frame_step must be >= 1, got " + frameStep);
        }
        String d = detector == null ? "" : detector.toLowerCase(Locale.ROOT);
        if (!d.equals("haar") && !d.equals("yunet")) {
            throw new IllegalArgumentException("preprocessing.detector must be haar or yunet, got '" + detector + "'");
        }
        if (!(minFace > 0 && minFace <= 1)) {
            throw new IllegalArgumentException("preprocessing.min_face must be in (0, 1], got " + minFace);
        }
        if (cropSize != 0 && (cropSize < 16 || cropSize > 4096)) {
            throw new IllegalArgumentException("preprocessing.crop_size must be 0 (= input_size) or 16..4096, got " + cropSize);
        }
    }
}
