package org.plegdf.face;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An aligned face crop and how it was made. Owns a native {@link Mat}: close it when done.
 *
 * @param crop the S x S BGR crop (8-bit, 3 channels)
 * @param box the face box in the source image (smoothed over time in videos)
 * @param eyes the eye centres in the source image that were put on the template's positions
 * @param eyeSource where those eye centres came from
 * @param transform the map from source pixels to crop pixels that cut the crop
 * @param landmarks dlib's 68 landmarks and head pose in the source image (this frame's, not
 *     smoothed), or {@code null} without the landmark model
 */
public record AlignedFace(Mat crop, FaceBox box, EyePair eyes, EyeSource eyeSource, Affine transform, FaceLandmarks landmarks) implements AutoCloseable {

    /** @return the crop as a {@link BufferedImage#TYPE_3BYTE_BGR} image (a copy) */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(crop.cols(), crop.rows(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        // Same byte order (B, G, R) and a continuous Mat: one bulk copy.
        try (Mat continuous = crop.isContinuous() ? null : crop.clone()) {
            Mat src = continuous == null ? crop : continuous;
            src.data().get(dst);
        }
        return img;
    }

    /**
     * @return the 68 landmarks in the crop, as fractions of its side ({@code x0, y0, x1, y1, ...}),
     *     or {@code null} without landmarks: what a figure of the crop at any size needs
     */
    public float[] cropLandmarks() {
        if (landmarks == null) {
            return null;
        }
        float[] out = new float[2 * ShapePredictorFile.PARTS];
        double side = crop.cols();
        for (int i = 0; i < ShapePredictorFile.PARTS; i++) {
            Point2 p = transform.apply(landmarks.point(i));
            out[2 * i] = (float) (p.x() / side);
            out[2 * i + 1] = (float) (p.y() / side);
        }
        return out;
    }

    @Override
    public void close() {
        crop.close();
    }
}
