package org.plegdf.face;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Every face of a still image with its 68 landmarks and head pose: the service behind {@code
 * plegdf faces}. Not thread-safe (holds a detector); close it.
 */
public final class FaceFinder implements AutoCloseable {
    private final FaceDetector detector;
    private final LandmarkLocator landmarks;

    /**
     * One face.
     *
     * @param box the box (the detector's, or the one given)
     * @param score the detector's score, or {@code null} for a given box
     * @param landmarks the 68 points and the pose
     */
    public record Found(FaceBox box, Double score, FaceLandmarks landmarks) {}

    /**
     * @param settings detector and landmark model (the landmark model is required here)
     * @throws PlegdfException (BAD_MODEL) when no landmark model is installed or given, or it cannot be read
     */
    public FaceFinder(FaceSettings settings) {
        this.landmarks = LandmarkLocator.forFile(settings.landmarksModel()).orElseThrow(() -> new PlegdfException(ExitCodes.BAD_MODEL,
                (settings.landmarksModel() == null ? ShapePredictorFile.DEBIAN_PATH : settings.landmarksModel())
                        + ": no 68-point landmark model; " + ShapePredictorFile.INSTALL_HINT));
        this.detector = settings.newDetector();
    }

    /**
     * @param bgr an 8-bit BGR image
     * @return every face found, best first
     */
    public List<Found> find(Mat bgr) {
        List<Found> out = new ArrayList<>();
        for (FaceBox b : detector.detect(bgr)) {
            out.add(new Found(b, b.score(), landmarks.locate(bgr, b)));
        }
        return out;
    }

    /**
     * The landmarks on given boxes, read as dlib reads its XML files: the rectangle from {@code
     * left, top} to {@code left + width - 1, top + height - 1}, no detection and no reframing, so
     * that the points are dlib's own for that box.
     *
     * @param bgr the image
     * @param boxes boxes as {@code {left, top, width, height}}
     * @return one face per box, in order
     */
    public List<Found> onBoxes(Mat bgr, List<double[]> boxes) {
        List<Found> out = new ArrayList<>();
        for (double[] b : boxes) {
            Point2[] p = landmarks.onRectangle(bgr, b[0], b[1], b[0] + b[2] - 1, b[1] + b[3] - 1);
            FaceLandmarks lm = new FaceLandmarks(p, HeadPoseEstimator.estimate(p, bgr.cols(), bgr.rows()));
            out.add(new Found(new FaceBox(b[0], b[1], b[2], b[3], lm.eyes().angleDegrees(), 0, null), null, lm));
        }
        return out;
    }

    @Override
    public void close() {
        detector.close();
    }
}
