package org.plegdf.face;

import java.util.Arrays;

/**
 * The 68 landmarks of a face in the iBUG 300-W scheme (dlib's 68-point model), in image pixels,
 * and the head pose they give. Indices: 0-16 jaw, 17-26 brows, 27-35 nose (30 its tip), 36-41 the
 * image-left eye, 42-47 the image-right eye, 48-67 mouth (48 and 54 its corners).
 *
 * @param points the 68 points
 * @param pose head pose from the points, or {@code null} when not estimated
 */
public record FaceLandmarks(Point2[] points, HeadPose pose) {
    /** Nose tip. */
    public static final int NOSE_TIP = 30;
    /** Image-left mouth corner. */
    public static final int MOUTH_LEFT = 48;
    /** Image-right mouth corner. */
    public static final int MOUTH_RIGHT = 54;

    /** Validates the points. */
    public FaceLandmarks {
        if (points == null || points.length != ShapePredictorFile.PARTS) {
            throw new IllegalArgumentException("68 landmarks expected");
        }
        points = points.clone();
    }

    /** @return the points (a copy) */
    @Override
    public Point2[] points() {
        return points.clone();
    }

    /**
     * @param i landmark index 0..67
     * @return that landmark
     */
    public Point2 point(int i) {
        return points[i];
    }

    /** @return eye centres: the means of points 36-41 and 42-47 */
    public EyePair eyes() {
        return new EyePair(mean(36, 42), mean(42, 48));
    }

    /**
     * @param from first index
     * @param to one past the last index
     * @return the mean of those points
     */
    public Point2 mean(int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i < to; i++) {
            x += points[i].x();
            y += points[i].y();
        }
        return new Point2(x / (to - from), y / (to - from));
    }

    /** @return inter-ocular distance as the 300-W benchmark defines it: outer eye corners 36 and 45 */
    public double interOcular() {
        return points[36].distance(points[45]);
    }

    /**
     * @param map an affine map
     * @return the points mapped (the pose is kept: it does not depend on where the face is)
     */
    public FaceLandmarks map(Affine map) {
        return new FaceLandmarks(Arrays.stream(points).map(map::apply).toArray(Point2[]::new), pose);
    }

    /**
     * @param newPose the pose
     * @return these points with that pose
     */
    public FaceLandmarks withPose(HeadPose newPose) {
        return new FaceLandmarks(points, newPose);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceLandmarks f && Arrays.equals(points, f.points) && java.util.Objects.equals(pose, f.pose);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(points) * 31 + java.util.Objects.hashCode(pose);
    }

    @Override
    public String toString() {
        return "FaceLandmarks[68 points, pose=" + pose + "]";
    }
}
