package org.plegdf.face;

/**
 * The least-squares similarity transform (rotation, uniform scale, shift) taking one point set onto
 * another: Umeyama's estimate, which in two dimensions has a closed form. One home for the fit that
 * dlib's cascade (shape to shape), the landmark framing (mean shape to points) and nothing else
 * needs; computed in double precision.
 */
final class SimilarityFit {
    private SimilarityFit() {}

    /**
     * @param from source points
     * @param to target points, same count (at least 2, not all equal)
     * @return the map minimising the summed squared distance from {@code map(from[i])} to {@code to[i]};
     *     the identity's linear part when {@code from} has no spread
     */
    static Affine fit(Point2[] from, Point2[] to) {
        int n = from.length;
        double fx = 0;
        double fy = 0;
        double tx = 0;
        double ty = 0;
        for (int i = 0; i < n; i++) {
            fx += from[i].x();
            fy += from[i].y();
            tx += to[i].x();
            ty += to[i].y();
        }
        fx /= n;
        fy /= n;
        tx /= n;
        ty /= n;
        double dot = 0;
        double cross = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double ax = from[i].x() - fx;
            double ay = from[i].y() - fy;
            double bx = to[i].x() - tx;
            double by = to[i].y() - ty;
            dot += ax * bx + ay * by;
            cross += ax * by - ay * bx;
            norm += ax * ax + ay * ay;
        }
        double a = norm == 0 ? 1 : dot / norm;
        double b = norm == 0 ? 0 : cross / norm;
        return new Affine(a, -b, tx - (a * fx - b * fy), b, a, ty - (b * fx + a * fy));
    }
}
