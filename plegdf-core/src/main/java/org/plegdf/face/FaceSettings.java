package org.plegdf.face;

import java.nio.file.Path;

/**
 * How faces are found and cropped.
 *
 * @param detector which detector
 * @param detectorModel the model file (YuNet only), or {@code null}
 * @param cropSize side of the aligned crop in pixels
 * @param minFaceFraction smallest face searched, as a fraction of the frame's shorter side
 * @param landmarksModel dlib's 68-point model; {@code null}: Debian's when installed ({@link
 *     ShapePredictorFile#DEBIAN_PATH}); {@link #NO_LANDMARKS}: none (the eye method)
 * @param maxYaw frames whose head yaw exceeds this many degrees are dropped (needs landmarks); 0 = off
 */
public record FaceSettings(DetectorKind detector, Path detectorModel, int cropSize, double minFaceFraction, Path landmarksModel, double maxYaw) {

    /** {@code --landmarks none}: no landmark model, eyes from the eye cascade and the face's symmetry. */
    public static final Path NO_LANDMARKS = Path.of("none");

    /** Smallest face for interview video: 15% of the shorter side (72 px at 480 rows; interview faces are 150-300 px). */
    public static final double VIDEO_MIN_FACE = CropRecipe.MIN_FACE;
    /** Smallest face for group photos. */
    public static final double PHOTO_MIN_FACE = 0.07;

    /** Validates the fields. */
    public FaceSettings {
        if (detector == null) {
            detector = DetectorKind.HAAR;
        }
        if (cropSize < 16 || cropSize > 4096) {
            throw new IllegalArgumentException("crop size must be 16..4096 px: " + cropSize);
        }
        if (!(minFaceFraction > 0 && minFaceFraction <= 1)) {
            throw new IllegalArgumentException("min face fraction must be in (0, 1]: " + minFaceFraction);
        }
        if (!(maxYaw >= 0 && maxYaw <= 90)) {
            throw new IllegalArgumentException("max yaw must be 0 (off) to 90 degrees: " + maxYaw);
        }
    }

    /**
     * Landmarks from Debian's model when installed, no yaw filter.
     *
     * @param detector which detector
     * @param detectorModel the model file (YuNet only), or {@code null}
     * @param cropSize side of the aligned crop in pixels
     * @param minFaceFraction smallest face searched
     */
    public FaceSettings(DetectorKind detector, Path detectorModel, int cropSize, double minFaceFraction) {
        this(detector, detectorModel, cropSize, minFaceFraction, null, 0);
    }

    /**
     * @param model the landmark model ({@code null}: Debian's, {@link #NO_LANDMARKS}: none)
     * @param yaw the yaw limit, 0 = off
     * @return these settings with that landmark model and yaw limit
     */
    public FaceSettings withLandmarks(Path model, double yaw) {
        return new FaceSettings(detector, detectorModel, cropSize, minFaceFraction, model, yaw);
    }

    /**
     * @param cropSize crop side
     * @return Haar detection, settings for interview video
     */
    public static FaceSettings video(int cropSize) {
        return new FaceSettings(DetectorKind.HAAR, null, cropSize, VIDEO_MIN_FACE);
    }

    /** @return the landmark model file these settings use (Debian's when installed), or {@code none} */
    public String landmarksLabel() {
        if (NO_LANDMARKS.equals(landmarksModel)) {
            return "none";
        }
        return landmarksModel != null ? landmarksModel.toString() : ShapePredictorFile.installed().map(Path::toString).orElse("none");
    }

    /** @return a detector for these settings; one per thread, the caller closes it */
    public FaceDetector newDetector() {
        return switch (detector) {
            case HAAR -> new HaarFaceDetector(minFaceFraction);
            case YUNET -> new YuNetFaceDetector(detectorModel, minFaceFraction);
            case BLAZEFACE -> new FallbackFaceDetector(new BlazeFaceDetector(minFaceFraction), () -> new HaarFaceDetector(minFaceFraction));
        };
    }
}
