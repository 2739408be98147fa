package org.plegdf.face;

/**
 * A point in image pixels (x right, y down), sub-pixel.
 *
 * @param x column
 * @param y row
 */
public record Point2(double x, double y) {
    /**
     * @param o another point
     * @return the Euclidean distance
     */
    public double distance(Point2 o) {
        return Math.hypot(x - o.x, y - o.y);
    }
}
