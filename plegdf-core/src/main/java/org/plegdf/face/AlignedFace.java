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
 */
public record AlignedFace(Mat crop, FaceBox box, EyePair eyes, EyeSource eyeSource, Affine transform) implements AutoCloseable {

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

    @Override
    public void close() {
        crop.close();
    }
}
