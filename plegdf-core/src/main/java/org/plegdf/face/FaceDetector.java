package org.plegdf.face;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds faces in a BGR image. Implementations hold native detector state and are <b>not
 * thread-safe</b>: create one per thread (see {@link FaceDetectors#create}).
 */
public interface FaceDetector extends AutoCloseable {

    /**
     * Faces in the whole image, from the detector's smallest face (a fraction of the image's shorter
     * side) up to the whole image, at every roll the detector searches.
     *
     * @param bgr an 8-bit, 3-channel image
     * @return the faces, best first
     */
    default List<FaceBox> detect(Mat bgr) {
        double shorter = Math.min(bgr.cols(), bgr.rows());
        return detect(bgr, Region.of(bgr), minFaceFraction() * shorter, shorter, true);
    }

    /** @return smallest face side searched by {@link #detect(Mat)}, as a fraction of the image's shorter side */
    double minFaceFraction();

    /**
     * Faces of a given size range inside a region: the tracker's cheap search around the face of
     * the previous frame.
     *
     * @param bgr an 8-bit, 3-channel image
     * @param region where to look, in image pixels (clipped to the image)
     * @param minFace smallest face side in pixels
     * @param maxFace largest face side in pixels
     * @param allRolls also search tilted heads (slower)
     * @return the faces in image coordinates, best first
     */
    List<FaceBox> detect(Mat bgr, Region region, double minFace, double maxFace, boolean allRolls);

    /** @return a short name for logs and summaries */
    String name();

    /** Frees the native detector. */
    @Override
    void close();
}
