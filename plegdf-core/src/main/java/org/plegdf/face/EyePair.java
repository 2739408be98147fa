package org.plegdf.face;

/**
 * The two eye centres of a face, in image pixels. {@code left} is the eye on the image's left (the
 * subject's right eye).
 *
 * @param left the eye with the smaller x when the face is upright
 * @param right the other eye
 */
public record EyePair(Point2 left, Point2 right) {

    /** @return the distance between the eye centres (inter-ocular distance) */
    public double distance() {
        return left.distance(right);
    }

    /** @return the angle of the eye line in degrees, image coordinates (positive: right eye lower) */
    public double angleDegrees() {
        return Math.toDegrees(Math.atan2(right.y() - left.y(), right.x() - left.x()));
    }

    /** @return the point between the eyes */
    public Point2 midpoint() {
        return new Point2((left.x() + right.x()) / 2, (left.y() + right.y()) / 2);
    }

    /**
     * @param map an affine map
     * @return both eyes mapped
     */
    public EyePair map(Affine map) {
        return new EyePair(map.apply(left), map.apply(right));
    }
}
