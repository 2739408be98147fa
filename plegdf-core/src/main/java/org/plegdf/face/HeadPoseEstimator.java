package org.plegdf.face;

import static org.bytedeco.opencv.global.opencv_calib3d.Rodrigues;
import static org.bytedeco.opencv.global.opencv_calib3d.SOLVEPNP_ITERATIVE;
import static org.bytedeco.opencv.global.opencv_calib3d.solvePnP;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;

import java.nio.DoubleBuffer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Head pose from 68 landmarks: OpenCV's {@code solvePnP} fits a generic 3-D face (six points:
 * nose tip, chin, outer eye corners, mouth corners; the model of Mallick's widely used OpenCV
 * head-pose example, in millimetre-like units) to the landmarks, with a pinhole camera whose focal
 * length is the image width and whose centre is the image centre (webcams and interview cameras
 * are 50-70 degrees wide; the angles barely depend on it). The rotation is then split into yaw,
 * pitch and roll ({@link HeadPose}). A generic face on a real one: expect a few degrees of bias
 * per person, consistent from frame to frame, which is what filtering turned frames needs.
 * Stateless and thread-safe.
 */
public final class HeadPoseEstimator {
    /** Landmarks matched with {@link #MODEL}: nose tip, chin, 36, 45, 48, 54. */
    private static final int[] POINTS = {30, 8, 36, 45, 48, 54};
    /** The generic face, camera axes (x right, y down, z away from the camera), nose tip at the origin. */
    private static final double[][] MODEL = {
        {0, 0, 0}, {0, 330, 65}, {-225, -170, 135}, {225, -170, 135}, {-150, 150, 125}, {150, 150, 125}
    };

    private HeadPoseEstimator() {}

    /**
     * @param points the 68 landmarks, image pixels
     * @param width image width
     * @param height image height
     * @return the pose, or {@code null} when the fit fails
     */
    public static HeadPose estimate(Point2[] points, int width, int height) {
        try (Mat object = new Mat(POINTS.length, 3, CV_64F);
                Mat image = new Mat(POINTS.length, 2, CV_64F);
                Mat camera = new Mat(3, 3, CV_64F);
                Mat dist = Mat.zeros(4, 1, CV_64F).asMat();
                Mat rvec = new Mat();
                Mat tvec = new Mat();
                Mat rot = new Mat()) {
            DoubleBuffer o = object.createBuffer();
            DoubleBuffer im = image.createBuffer();
            for (int i = 0; i < POINTS.length; i++) {
                o.put(MODEL[i]);
                im.put(points[POINTS[i]].x()).put(points[POINTS[i]].y());
            }
            double f = width;
            camera.<DoubleBuffer>createBuffer().put(new double[] {f, 0, width / 2.0, 0, f, height / 2.0, 0, 0, 1});
            if (!solvePnP(object, image, camera, dist, rvec, tvec, false, SOLVEPNP_ITERATIVE)) {
                return null;
            }
            Rodrigues(rvec, rot);
            DoubleBuffer r = rot.createBuffer();
            double[] m = new double[9];
            r.get(m);
            return fromRotation(m);
        } catch (RuntimeException e) {
            return null; // degenerate points (all on a line): no pose rather than a failed frame
        }
    }

    /**
     * Yaw, pitch and roll of a rotation {@code R = Rz(roll) Ry(-yaw) Rx(pitch)} (camera axes), the
     * signs as {@link HeadPose} defines them.
     *
     * @param m the rotation, row-major 3 x 3
     * @return the pose in degrees
     */
    static HeadPose fromRotation(double[] m) {
        double ry = Math.atan2(-m[6], Math.hypot(m[7], m[8]));
        double rx = Math.atan2(m[7], m[8]);
        double rz = Math.atan2(m[3], m[0]);
        return new HeadPose(-Math.toDegrees(ry), Math.toDegrees(rx), Math.toDegrees(rz));
    }
}
