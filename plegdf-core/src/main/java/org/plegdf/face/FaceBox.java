package org.plegdf.face;

/**
 * A face found by a detector: an axis-aligned square-ish box in image pixels, the in-plane angle
 * (roll) of the search that found it, the detector's score, and the eyes when the detector gives
 * landmarks (YuNet) or {@code null} (cascades).
 *
 * @param x left edge
 * @param y top edge
 * @param width box width
 * @param height box height
 * @param angle roll in degrees of the face as the detector saw it (0 for upright searches)
 * @param score detector confidence: neighbour count for cascades, probability for YuNet
 * @param eyes eye centres from the detector's landmarks, or {@code null}
 */
public record FaceBox(double x, double y, double width, double height, double angle, double score, EyePair eyes) {

    /** @return the centre x */
    public double centerX() {
        return x + width / 2;
    }

    /** @return the centre y */
    public double centerY() {
        return y + height / 2;
    }

    /** @return the side of the square of the same area */
    public double size() {
        return Math.sqrt(width * height);
    }

    /** @return the area */
    public double area() {
        return width * height;
    }

    /**
     * @param o another box
     * @return intersection over union of the two axis-aligned boxes
     */
    public double iou(FaceBox o) {
        double x1 = Math.max(x, o.x);
        double y1 = Math.max(y, o.y);
        double x2 = Math.min(x + width, o.x + o.width);
        double y2 = Math.min(y + height, o.y + o.height);
        double inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        double union = area() + o.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /**
     * @param newAngle the roll
     * @param newEyes eyes or null
     * @return this box with another angle and eyes
     */
    public FaceBox with(double newAngle, EyePair newEyes) {
        return new FaceBox(x, y, width, height, newAngle, score, newEyes);
    }
}
