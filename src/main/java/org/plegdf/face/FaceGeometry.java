package org.plegdf.face;

/**
 * Where the eyes sit in a frontal-face cascade box, as fractions of the box side, for the fallback
 * when the eye search fails: eyes estimated from the box (rotated by the box's roll).
 */
public final class FaceGeometry {
    /** Eye spacing as a fraction of the box side. */
    public static final double EYE_SPACING = 0.40;
    /** Height of the eye line below the box top, as a fraction of the box side. */
    public static final double EYE_LINE = 0.38;

    /** Detector roll (degrees) from which the fallback follows it. */
    public static final double CLEAR_TILT = 15;

    private FaceGeometry() {}

    /**
     * The fallback as the pipeline uses it: the detector's roll estimate is coarse (interpolated
     * between its 0° and ±20° searches) and biased on large upright faces, so only a clearly tilted
     * head (|roll| >= {@value #CLEAR_TILT}°) is levelled from it; otherwise the face is taken as upright.
     *
     * @param box a face box
     * @return estimated eyes
     */
    public static EyePair estimateUsed(FaceBox box) {
        double roll = Math.abs(box.angle()) >= CLEAR_TILT ? box.angle() : 0;
        return estimate(box.with(roll, null));
    }

    /**
     * @param box a face box
     * @return the eyes where they typically are in such a box
     */
    public static EyePair estimate(FaceBox box) {
        return estimate(box, EYE_SPACING, EYE_LINE);
    }

    /**
     * @param box a face box
     * @param spacing eye spacing, fraction of the box side
     * @param line eye line below the box top, fraction of the box side
     * @return the eyes for that geometry, rotated by the box's roll about its centre
     */
    public static EyePair estimate(FaceBox box, double spacing, double line) {
        double s = box.size();
        // Geometry in the upright box frame (origin at the box centre), then rotated into the image.
        Affine fromBox = Affine.levelling(0, 0, -box.angle(), 1, box.centerX(), box.centerY());
        Point2 l = new Point2(-spacing / 2 * s, (line - 0.5) * s);
        Point2 r = new Point2(spacing / 2 * s, (line - 0.5) * s);
        return new EyePair(fromBox.apply(l), fromBox.apply(r));
    }
}
