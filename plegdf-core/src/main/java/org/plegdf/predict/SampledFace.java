package org.plegdf.predict;

import java.awt.image.BufferedImage;

/**
 * One aligned face the network saw, kept (in memory only, never in prediction.json) for the report
 * and the saliency map: the crop at the network's input size and its score.
 */
public final class SampledFace {
    private final long frame;
    private final Double time;
    private final double score;
    private final int size;
    private final int[] rgb;
    private final float[] landmarks;

    /**
     * @param frame the frame index
     * @param time its time in seconds, or null
     * @param score the frame's score
     * @param image the S x S crop the network saw (copied)
     */
    SampledFace(long frame, Double time, double score, BufferedImage image) {
        this(frame, time, score, image, null);
    }

    /**
     * @param frame the frame index
     * @param time its time in seconds, or null
     * @param score the frame's score
     * @param image the S x S crop the network saw (copied)
     * @param landmarks its 68 landmarks as fractions of the crop side, or null
     */
    SampledFace(long frame, Double time, double score, BufferedImage image, float[] landmarks) {
        this.landmarks = landmarks == null ? null : landmarks.clone();
        this.frame = frame;
        this.time = time;
        this.score = score;
        this.size = image.getWidth();
        this.rgb = image.getRGB(0, 0, size, size, null, 0, size);
    }

    /** @return the frame index */
    public long frame() {
        return frame;
    }

    /** @return the time in seconds, or null when unknown */
    public Double time() {
        return time;
    }

    /** @return the frame's score on the rating scale */
    public double score() {
        return score;
    }

    /** @return the 68 landmarks as fractions of the crop side ({@code x0, y0, ...}), or null */
    public float[] landmarks() {
        return landmarks == null ? null : landmarks.clone();
    }

    /** @return the side of the crop (the network's input size) */
    public int size() {
        return size;
    }

    /** @return a fresh copy of the crop, TYPE_INT_RGB */
    public BufferedImage image() {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, size, size, rgb, 0, size);
        return img;
    }
}
