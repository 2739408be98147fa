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

    private FaceGeometry() {}

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
