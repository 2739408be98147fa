package org.plegdf.face;

import org.bytedeco.opencv.opencv_core.Mat;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;

/**
 * A 2-D affine map {@code (x, y) -> (a x + b y + c, d x + e y + f)} in image pixels, the form
 * {@code cv::warpAffine} takes. Kept in Java so the same transform that cut a crop can be applied to
 * points (eye estimates, annotations) exactly.
 *
 * @param a row 0, x coefficient
 * @param b row 0, y coefficient
 * @param c row 0, offset
 * @param d row 1, x coefficient
 * @param e row 1, y coefficient
 * @param f row 1, offset
 */
public record Affine(double a, double b, double c, double d, double e, double f) {

    /** The identity map. */
    public static final Affine IDENTITY = new Affine(1, 0, 0, 0, 1, 0);

    /**
     * A rotation by {@code -angleDeg} and uniform scaling about {@code (cx, cy)}, followed by moving
     * that point to {@code (tx, ty)}: a direction at {@code angleDeg} (image coordinates, y down)
     * becomes horizontal.
     *
     * @param cx centre x in the source
     * @param cy centre y in the source
     * @param angleDeg the angle that becomes level
     * @param scale the scale factor
     * @param tx where the centre lands, x
     * @param ty where the centre lands, y
     * @return the map
     */
    public static Affine levelling(double cx, double cy, double angleDeg, double scale, double tx, double ty) {
        double t = Math.toRadians(angleDeg);
        double cos = Math.cos(t) * scale;
        double sin = Math.sin(t) * scale;
        // R(-t) * s: [[cos, sin], [-sin, cos]]
        return new Affine(cos, sin, tx - cos * cx - sin * cy, -sin, cos, ty + sin * cx - cos * cy);
    }

    /** @return x of the image of {@code (x, y)} */
    public double x(double x, double y) {
        return a * x + b * y + c;
    }

    /** @return y of the image of {@code (x, y)} */
    public double y(double x, double y) {
        return d * x + e * y + f;
    }

    /**
     * @param p a point
     * @return its image
     */
    public Point2 apply(Point2 p) {
        return new Point2(x(p.x(), p.y()), y(p.x(), p.y()));
    }

    /** @return the inverse map; throws when the map is singular */
    public Affine inverse() {
        double det = a * e - b * d;
        if (Math.abs(det) < 1e-12) {
            throw new IllegalStateException("singular affine map");
        }
        double ia = e / det;
        double ib = -b / det;
        double id = -d / det;
        double ie = a / det;
        return new Affine(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
    }

    /**
     * @param next the map applied after this one
     * @return {@code next ∘ this}
     */
    public Affine then(Affine next) {
        return new Affine(
                next.a * a + next.b * d, next.a * b + next.b * e, next.a * c + next.b * f + next.c,
                next.d * a + next.e * d, next.d * b + next.e * e, next.d * c + next.e * f + next.f);
    }

    /** @return the uniform scale factor of the linear part (for similarity maps) */
    public double scale() {
        return Math.sqrt(Math.abs(a * e - b * d));
    }

    /** @return the map as a 2x3 {@code CV_64F} matrix; the caller closes it */
    public Mat toMat() {
        Mat m = new Mat(2, 3, CV_64F);
        java.nio.DoubleBuffer buf = m.createBuffer();
        buf.put(new double[] {a, b, c, d, e, f});
        return m;
    }
}
