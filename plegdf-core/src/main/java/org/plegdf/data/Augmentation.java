package org.plegdf.data;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * The training augmentation of architecture.md section 6: random resized crop, horizontal flip,
 * and mild brightness / contrast jitter, applied to a decoded frame before tensor conversion.
 *
 * <p>All randomness comes from the {@link Random} passed in, drawn in a fixed order, so a seeded
 * generator reproduces the same augmented image. Instances are immutable and thread-safe (give
 * each thread its own {@code Random}).
 *
 * @param flipProbability chance of a left-right mirror, in [0, 1]
 * @param minArea smallest crop area as a fraction of the image, in (0, 1]; 1 turns cropping off
 * @param maxArea largest crop area as a fraction of the image, in [minArea, 1]
 * @param minAspect smallest crop width / height ratio (> 0)
 * @param maxAspect largest crop width / height ratio (>= minAspect)
 * @param brightness brightness factor drawn from [1 - brightness, 1 + brightness], in [0, 1)
 * @param contrast contrast factor drawn from [1 - contrast, 1 + contrast], in [0, 1)
 */
public record Augmentation(
        double flipProbability,
        double minArea,
        double maxArea,
        double minAspect,
        double maxAspect,
        double brightness,
        double contrast) {

    /** Checks the ranges. */
    public Augmentation {
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flipProbability must be in [0, 1], got " + flipProbability);
        }
        if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1)) {
            throw new IllegalArgumentException("need 0 < minArea <= maxArea <= 1, got " + minArea + ", " + maxArea);
        }
        if (!(minAspect > 0 && minAspect <= maxAspect)) {
            throw new IllegalArgumentException("need 0 < minAspect <= maxAspect, got " + minAspect + ", " + maxAspect);
        }
        if (!(brightness >= 0 && brightness < 1 && contrast >= 0 && contrast < 1)) {
            throw new IllegalArgumentException("brightness and contrast must be in [0, 1)");
        }
    }

    /**
     * The paper-like defaults: flip with probability 0.5, crop area 0.8-1.0 with aspect 3/4-4/3 (as
     * torchvision's RandomResizedCrop), brightness and contrast factors in [0.8, 1.2].
     *
     * @return the default augmentation
     */
    public static Augmentation defaults() {
        return new Augmentation(0.5, 0.8, 1.0, 3.0 / 4.0, 4.0 / 3.0, 0.2, 0.2);
    }

    /** @return an augmentation that changes nothing (only resizes) */
    public static Augmentation none() {
        return new Augmentation(0, 1, 1, 1, 1, 0, 0);
    }

    /**
     * Augments an image and resizes it to S x S.
     *
     * @param src a decoded frame (any size)
     * @param size the output side S
     * @param rng the random source
     * @return a new S x S TYPE_INT_RGB image
     */
    public BufferedImage apply(BufferedImage src, int size, Random rng) {
        int w = src.getWidth();
        int h = src.getHeight();
        int[] crop = cropRect(w, h, rng);
        boolean mirror = flipProbability > 0 && rng.nextDouble() < flipProbability;
        BufferedImage out = ImageOps.cropResize(src, crop[0], crop[1], crop[2], crop[3], size, mirror);
        double b = brightness > 0 ? 1 + brightness * (2 * rng.nextDouble() - 1) : 1;
        double c = contrast > 0 ? 1 + contrast * (2 * rng.nextDouble() - 1) : 1;
        if (b != 1 || c != 1) {
            jitter(ImageOps.rgbPixels(out), b, c);
        }
        return out;
    }

    /**
     * torchvision's RandomResizedCrop draw: up to 10 tries for an area and log-uniform aspect that
     * fit, else the centred crop of the closest allowed aspect. An area range of exactly 1 means no
     * crop at all, whatever the image's aspect, and draws nothing.
     */
    private int[] cropRect(int w, int h, Random rng) {
        if (minArea == 1) {
            return new int[] {0, 0, w, h};
        }
        double area = (double) w * h;
        double logMin = Math.log(minAspect);
        double logMax = Math.log(maxAspect);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minArea + (maxArea - minArea) * rng.nextDouble());
            double aspect = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
            int cw = (int) Math.round(Math.sqrt(target * aspect));
            int ch = (int) Math.round(Math.sqrt(target / aspect));
            if (cw >= 1 && ch >= 1 && cw <= w && ch <= h) {
                int x = rng.nextInt(w - cw + 1);
                int y = rng.nextInt(h - ch + 1);
                return new int[] {x, y, cw, ch};
            }
        }
        double ratio = (double) w / h;
        int cw = w;
        int ch = h;
        if (ratio < minAspect) {
            ch = (int) Math.round(w / minAspect);
        } else if (ratio > maxAspect) {
            cw = (int) Math.round(h * maxAspect);
        }
        return new int[] {(w - cw) / 2, (h - ch) / 2, cw, ch};
    }

    /**
     * Brightness then contrast, as torchvision's ColorJitter: v' = b*v, then blend with the mean
     * grey level m of the brightened image: v'' = c*v' + (1-c)*m, clamped to [0, 255]. One 256-entry
     * table, one pass over the pixels.
     */
    private static void jitter(int[] px, double b, double c) {
        long grey = 0;
        for (int p : px) {
            // ITU-R 601 luma in fixed point (weights sum to 1000)
            grey += 299L * ((p >> 16) & 255) + 587L * ((p >> 8) & 255) + 114L * (p & 255);
        }
        double mean = b * grey / (1000.0 * px.length);
        int[] lut = new int[256];
        for (int v = 0; v < 256; v++) {
            long q = Math.round(c * b * v + (1 - c) * mean);
            lut[v] = (int) Math.max(0, Math.min(255, q));
        }
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            px[i] = (lut[(p >> 16) & 255] << 16) | (lut[(p >> 8) & 255] << 8) | lut[p & 255];
        }
    }
}
