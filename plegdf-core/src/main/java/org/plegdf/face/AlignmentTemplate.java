package org.plegdf.face;

/**
 * Where the eyes go in an aligned crop: both on one horizontal line, at fixed fractions of the crop
 * side. The default puts the eyes 30% of the side apart at 40% height, which leaves the brows,
 * the mouth and the chin inside the crop (the regions the network pools over).
 *
 * @param size crop side in pixels
 * @param leftEyeX image-left eye, fraction of the side
 * @param rightEyeX image-right eye, fraction of the side
 * @param eyeY eye line, fraction of the side from the top
 */
public record AlignmentTemplate(int size, double leftEyeX, double rightEyeX, double eyeY) {

    /**
     * @param size crop side in pixels
     * @return the default template at that size
     */
    public static AlignmentTemplate of(int size) {
        return new AlignmentTemplate(size, 0.35, 0.65, 0.40);
    }

    /** Validates the fields. */
    public AlignmentTemplate {
        if (size < 16 || size > 4096) {
            throw new IllegalArgumentException("crop size must be 16..4096 px: " + size);
        }
        if (!(0 <= leftEyeX && leftEyeX < rightEyeX && rightEyeX <= 1 && 0 <= eyeY && eyeY <= 1)) {
            throw new IllegalArgumentException("eye positions must be fractions with left < right");
        }
    }

    /** @return the target of the image-left eye in crop pixels */
    public Point2 leftTarget() {
        return new Point2(leftEyeX * size, eyeY * size);
    }

    /** @return the target of the image-right eye in crop pixels */
    public Point2 rightTarget() {
        return new Point2(rightEyeX * size, eyeY * size);
    }

    /**
     * The similarity transform (rotation, uniform scale, shift) that puts these eyes on the targets.
     *
     * @param eyes eye centres in the source image
     * @return the map from source pixels to crop pixels
     */
    public Affine transformFor(EyePair eyes) {
        double spacing = eyes.distance();
        if (!(spacing > 0)) {
            throw new IllegalArgumentException("eye centres coincide");
        }
        double scale = (rightEyeX - leftEyeX) * size / spacing;
        Point2 mid = eyes.midpoint();
        return Affine.levelling(mid.x(), mid.y(), eyes.angleDegrees(), scale, (leftEyeX + rightEyeX) / 2 * size, eyeY * size);
    }
}
