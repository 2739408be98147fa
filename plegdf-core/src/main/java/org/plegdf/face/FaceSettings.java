package org.plegdf.face;

import java.nio.file.Path;

/**
 * How faces are found and cropped.
 *
 * @param detector which detector
 * @param detectorModel the model file (YuNet only), or {@code null}
 * @param cropSize side of the aligned crop in pixels
 * @param minFaceFraction smallest face searched, as a fraction of the frame's shorter side
 */
public record FaceSettings(DetectorKind detector, Path detectorModel, int cropSize, double minFaceFraction) {

    /** Smallest face for interview video: 15% of the shorter side (72 px at 480 rows; interview faces are 150-300 px). */
    public static final double VIDEO_MIN_FACE = 0.15;
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
    }

    /**
     * @param cropSize crop side
     * @return Haar detection, settings for interview video
     */
    public static FaceSettings video(int cropSize) {
        return new FaceSettings(DetectorKind.HAAR, null, cropSize, VIDEO_MIN_FACE);
    }

    /** @return a detector for these settings; one per thread, the caller closes it */
    public FaceDetector newDetector() {
        return switch (detector) {
            case HAAR -> new HaarFaceDetector(minFaceFraction);
            case YUNET -> new YuNetFaceDetector(detectorModel, minFaceFraction);
        };
    }
}
