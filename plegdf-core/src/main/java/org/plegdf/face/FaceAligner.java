package org.plegdf.face;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cuts the aligned crop: one similarity warp ({@code cv::warpAffine}) that levels the eyes, scales
 * them to the template's spacing and puts them on the template's positions. Stateless and
 * thread-safe.
 */
public final class FaceAligner {
    private final AlignmentTemplate template;

    /** @param template where the eyes go */
    public FaceAligner(AlignmentTemplate template) {
        this.template = template;
    }

    /** @return the template */
    public AlignmentTemplate template() {
        return template;
    }

    /**
     * @param bgr source image
     * @param box face box in it
     * @param eyes eye centres in it
     * @param source where the eyes came from
     * @param landmarks the face's landmarks, or {@code null}
     * @return the crop; pixels outside the source are black
     */
    public AlignedFace align(Mat bgr, FaceBox box, EyePair eyes, EyeSource source, FaceLandmarks landmarks) {
        Affine t = template.transformFor(eyes);
        Mat crop = new Mat();
        try (Mat m = t.toMat();
                Size size = new Size(template.size(), template.size());
                Scalar black = new Scalar(0, 0, 0, 0)) {
            warpAffine(bgr, crop, m, size, INTER_LINEAR, BORDER_CONSTANT, black);
        }
        return new AlignedFace(crop, box, eyes, source, t, landmarks);
    }
}
