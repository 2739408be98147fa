package org.plegdf.face;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Locale;
import org.plegdf.util.PlegdfException;

/**
 * How face crops are made from video: which frames are analysed, which detector finds the face,
 * the smallest face searched and the crop's side. One recipe, one set of defaults, carried from
 * {@code plegdf preprocess} (its summary and completion markers) into the trained model
 * ({@code "preprocessing"} in config.json), so {@code plegdf predict} crops new videos exactly as
 * training's crops were made.
 *
 * <p>Older files spelled the fields {@code every}, {@code size} and {@code minFace}; they still load.
 * A field absent from a file takes the value plegdf used when such files were written (Haar, eye
 * alignment, no yaw limit), so an old model keeps cropping as it was trained.
 *
 * @param frameStep analyse one video frame in this many (the {@code preprocess --frame-step} value)
 * @param detector the face detector's name ({@code blazeface}, {@code haar}, {@code yunet}), lower case
 * @param minFace smallest face searched, as a fraction of the frame's shorter side
 * @param cropSize side of the aligned crop in pixels; 0 means the network's input size (crops of
 *     another size are resized to the input size exactly as training resized them)
 * @param alignment {@value #LANDMARKS}: dlib's 68 landmarks placed on a template; {@value #EYES}: the
 *     eye method (eye cascade, box geometry and the face's symmetry)
 * @param maxYaw frames whose head yaw exceeds this many degrees are dropped (0 = off; needs landmarks)
 * @param source where the recipe came from: {@code defaults}, or the summary file it was read from
 */
public record CropRecipe(
        @JsonProperty("frame_step") int frameStep,
        @JsonProperty("detector") String detector,
        @JsonProperty("min_face") double minFace,
        @JsonProperty("crop_size") int cropSize,
        @JsonProperty("alignment") String alignment,
        @JsonProperty("max_yaw") double maxYaw,
        @JsonProperty("source") String source) {

    /** Analyse one frame in three: interview faces change slowly at 25-30 fps. */
    public static final int FRAME_STEP = 3;
    /** Smallest face for interview video: 15% of the shorter side (72 px at 480 rows; interview faces are 150-300 px). */
    public static final double MIN_FACE = 0.15;
    /** {@link #source} of a recipe that no preprocess run recorded. */
    public static final String DEFAULTS = "defaults";
    /** {@link #alignment}: dlib's 68 landmarks. */
    public static final String LANDMARKS = "landmarks";
    /** {@link #alignment}: the eye method, used where the landmark model is not installed. */
    public static final String EYES = "eyes";
    /** Detector of a file that names none: files from before BlazeFace were made with Haar. */
    private static final String LEGACY_DETECTOR = "haar";
    /**
     * The defaults, for crops no preprocess run recorded (synthetic data): one frame in {@value
     * #FRAME_STEP}, Haar (BlazeFace, the default of {@code plegdf preprocess}, also finds two dog
     * faces on the fixtures' dogs photo: docs/results.md), faces from {@value #MIN_FACE}, crops at
     * the input size, landmark alignment, no yaw limit.
     */
    public static final CropRecipe DEFAULT = new CropRecipe(FRAME_STEP, LEGACY_DETECTOR, MIN_FACE, 0, LANDMARKS, 0, DEFAULTS);

    /** Normalises the detector name and the source. */
    public CropRecipe {
        detector = detector == null ? LEGACY_DETECTOR : detector.trim().toLowerCase(Locale.ROOT);
        alignment = alignment == null ? EYES : alignment.trim().toLowerCase(Locale.ROOT);
        source = source == null ? DEFAULTS : source;
    }

    /** Reads a recipe; absent fields take the defaults, old field names are accepted. */
    @JsonCreator
    static CropRecipe fromJson(
            @JsonProperty("frame_step") @JsonAlias("every") Integer frameStep,
            @JsonProperty("detector") String detector,
            @JsonProperty("min_face") @JsonAlias("minFace") Double minFace,
            @JsonProperty("crop_size") @JsonAlias("size") Integer cropSize,
            @JsonProperty("alignment") String alignment,
            @JsonProperty("max_yaw") Double maxYaw,
            @JsonProperty("source") String source) {
        return new CropRecipe(frameStep == null ? FRAME_STEP : frameStep, detector,
                minFace == null ? MIN_FACE : minFace, cropSize == null ? 0 : cropSize, alignment, maxYaw == null ? 0 : maxYaw, source);
    }

    /**
     * @param settings a face pipeline's settings
     * @param frameStep one frame in this many analysed
     * @return the recipe they make
     */
    public static CropRecipe of(FaceSettings settings, int frameStep) {
        String alignment = "none".equals(settings.landmarksLabel()) ? EYES : LANDMARKS;
        return new CropRecipe(frameStep, settings.detector().name(), settings.minFaceFraction(), settings.cropSize(), alignment, settings.maxYaw(), DEFAULTS);
    }

    /** @return the detector */
    public DetectorKind detectorKind() {
        return DetectorKind.parse(detector);
    }

    /**
     * @param inputSize the network's input size
     * @return the crop side to cut faces at
     */
    public int cropSize(int inputSize) {
        return cropSize > 0 ? cropSize : inputSize;
    }

    /**
     * @param declaredFrames the frames a video declares (0 or less when unknown)
     * @param maxFrames a limit on analysed frames (0 = none)
     * @return how many frames this recipe analyses (frames 0, k, 2k, ...), or -1 when unknown
     */
    public long analysedFrames(long declaredFrames, long maxFrames) {
        long n = declaredFrames > 0 ? (declaredFrames + frameStep - 1) / frameStep : -1;
        if (maxFrames > 0) {
            n = n < 0 ? maxFrames : Math.min(n, maxFrames);
        }
        return n;
    }

    /**
     * @param detectorModel the detector's model file (YuNet), or null
     * @param inputSize the network's input size (for a crop size of 0)
     * @param smallestFace the smallest face to search, a fraction of the shorter side
     * @return the face pipeline's settings
     */
    public FaceSettings faceSettings(Path detectorModel, int inputSize, double smallestFace) {
        // Landmarks from Debian's model when installed (FaceSettings warns once when it is not).
        return new FaceSettings(detectorKind(), detectorModel, cropSize(inputSize), smallestFace,
                EYES.equals(alignment) ? FaceSettings.NO_LANDMARKS : null, maxYaw);
    }

    /**
     * @param newSource where the recipe was read from
     * @return this recipe, its source replaced
     */
    public CropRecipe from(String newSource) {
        return new CropRecipe(frameStep, detector, minFace, cropSize, alignment, maxYaw, newSource);
    }

    /** @throws IllegalArgumentException naming the bad value */
    public void validate() {
        if (frameStep < 1) {
            throw new IllegalArgumentException("preprocessing.frame_step must be >= 1, got " + frameStep);
        }
        try {
            detectorKind();
        } catch (PlegdfException e) {
            throw new IllegalArgumentException("preprocessing.detector: " + e.getMessage(), e);
        }
        if (!(minFace > 0 && minFace <= 1)) {
            throw new IllegalArgumentException("preprocessing.min_face must be in (0, 1], got " + minFace);
        }
        if (!LANDMARKS.equals(alignment) && !EYES.equals(alignment)) {
            throw new IllegalArgumentException("preprocessing.alignment must be " + LANDMARKS + " or " + EYES + ", got " + alignment);
        }
        if (!(maxYaw >= 0 && maxYaw <= 90)) {
            throw new IllegalArgumentException("preprocessing.max_yaw must be 0 (off) to 90 degrees, got " + maxYaw);
        }
        if (cropSize != 0 && (cropSize < 16 || cropSize > 4096)) {
            throw new IllegalArgumentException("preprocessing.crop_size must be 0 (= input_size) or 16..4096, got " + cropSize);
        }
    }
}
