package org.plegdf.face;

/**
 * Where the eyes sit in a frontal-face cascade box, as fractions of the box side, for the fallback
 * when the eye search fails: eyes estimated from the box, rotated by the box's roll (which the
 * pipeline sets from {@link FaceSymmetry}).
 *
 * <p>The constants are measured, not guessed: over the 16 annotated faces the cascade finds in
 * {@code shared/fixtures/faces}, the annotated eyes are 0.352 (sd 0.031) box sides apart and their
 * line 0.367 (sd 0.021) below the box top, centred to within 0.013 ({@code
 * FaceGeometryCalibrationTest} repeats the measurement and fails if the cascade's boxes change).
 * They describe how the cascade draws boxes, not those photographs.
 */
public final class FaceGeometry {
    /** Eye spacing as a fraction of the box side. */
    public static final double EYE_SPACING = 0.35;
    /** Height of the eye line below the box top, as a fraction of the box side. */
    public static final double EYE_LINE = 0.37;

    private FaceGeometry() {}

    /**
     * The inverse of {@link #estimate(FaceBox)}: the cascade-style box in which these eyes would sit
     * at the typical geometry, with their roll. Gives other detectors' faces (YuNet's boxes are
     * taller and centred higher) the framing the symmetry search expects.
     *
     * @param eyes eye centres
     * @return the box, its angle the eyes' roll
     */
    public static FaceBox boxAround(EyePair eyes) {
        double side = eyes.distance() / EYE_SPACING;
        // Box centre: from the eye midpoint, down the face's own vertical axis.
        double down = (0.5 - EYE_LINE) * side;
        double t = Math.toRadians(eyes.angleDegrees());
        Point2 mid = eyes.midpoint();
        double cx = mid.x() - down * Math.sin(t);
        double cy = mid.y() + down * Math.cos(t);
        return new FaceBox(cx - side / 2, cy - side / 2, side, side, eyes.angleDegrees(), 0, null);
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
