package org.plegdf.face;

/**
 * Alignment on 68 landmarks, the way OpenFace's and dlib's aligners do it: a similarity
 * transform that levels the eye centres and puts five points of the face (the two eye centres,
 * the nose tip, the mouth corners) onto fixed positions of the crop, in the least-squares sense. The positions are the
 * model's own mean face (dlib's mean shape) placed so that its eye centres fall on the
 * {@link AlignmentTemplate}'s eye targets: crops keep the framing plegdf has always had, and the
 * nose and mouth steady the roll and scale the eyes alone would give (a squint, a blink, glasses).
 * Immutable and thread-safe.
 */
public final class LandmarkAlignment {
    private final AlignmentTemplate template;
    /** Targets in crop pixels: left eye, right eye, nose tip, left and right mouth corners. */
    private final Point2[] targets;

    /**
     * @param template the crop's eye targets
     * @param meanShape the landmark model's mean shape (any scale and position)
     */
    public LandmarkAlignment(AlignmentTemplate template, Point2[] meanShape) {
        this.template = template;
        FaceLandmarks mean = new FaceLandmarks(meanShape, null);
        EyePair meanEyes = mean.eyes();
        Affine place = template.transformFor(meanEyes);
        Point2[] raw = sources(mean);
        this.targets = new Point2[raw.length];
        for (int i = 0; i < raw.length; i++) {
            targets[i] = place.apply(raw[i]);
        }
    }

    private static Point2[] sources(FaceLandmarks f) {
        EyePair eyes = f.eyes();
        return new Point2[] {eyes.left(), eyes.right(), f.point(FaceLandmarks.NOSE_TIP),
            f.point(FaceLandmarks.MOUTH_LEFT), f.point(FaceLandmarks.MOUTH_RIGHT)};
    }

    /**
     * The roll is the eye line's, so that the eyes come out level whatever the mouth does (a
     * crooked smile, a turned head pulls a five-point fit off level by several degrees); scale and
     * position are the least-squares fit of all five points at that roll.
     *
     * @param face landmarks in the source image
     * @return the similarity from source pixels to crop pixels
     */
    public Affine transformFor(FaceLandmarks face) {
        Point2[] src = sources(face);
        double t = -Math.toRadians(face.eyes().angleDegrees());
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        int n = src.length;
        double sx = 0;
        double sy = 0;
        double tx = 0;
        double ty = 0;
        for (int i = 0; i < n; i++) {
            sx += src[i].x();
            sy += src[i].y();
            tx += targets[i].x();
            ty += targets[i].y();
        }
        sx /= n;
        sy /= n;
        tx /= n;
        ty /= n;
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double ax = src[i].x() - sx;
            double ay = src[i].y() - sy;
            double rx = cos * ax - sin * ay;
            double ry = sin * ax + cos * ay;
            dot += rx * (targets[i].x() - tx) + ry * (targets[i].y() - ty);
            norm += ax * ax + ay * ay;
        }
        double s = dot / norm;
        double a = s * cos;
        double b = s * sin;
        return new Affine(a, -b, tx - (a * sx - b * sy), b, a, ty - (b * sx + a * sy));
    }

    /**
     * The two image points the landmark transform puts on the template's eye targets: an eye pair
     * that {@link AlignmentTemplate#transformFor(EyePair)} turns back into exactly that transform,
     * so that video can smooth it like any other eye pair.
     *
     * @param face landmarks in the source image
     * @return the pair
     */
    public EyePair alignmentEyes(FaceLandmarks face) {
        Affine back = transformFor(face).inverse();
        return new EyePair(back.apply(template.leftTarget()), back.apply(template.rightTarget()));
    }
}
