package org.plegdf.predict;

/**
 * Where in the aligned face the score is most sensitive: the magnitude of the gradient of the score
 * with respect to the input pixels (largest over the colour channels), averaged over frames and
 * scaled to [0, 1] by its 99th percentile (so a few extreme pixels do not wash the map out).
 */
public final class SaliencyMap {
    private final int size;
    private final float[] values;
    private final int frames;

    SaliencyMap(int size, float[] values, int frames) {
        this.size = size;
        this.values = values.clone();
        this.frames = frames;
    }

    /** @return the side S of the map (the network's input size) */
    public int size() {
        return size;
    }

    /**
     * @param x column
     * @param y row
     * @return the saliency at that pixel, in [0, 1]
     */
    public float at(int x, int y) {
        return values[y * size + x];
    }

    /** @return a copy of the values, row-major S x S, in [0, 1] */
    public float[] values() {
        return values.clone();
    }

    /** @return how many frames were averaged */
    public int frames() {
        return frames;
    }
}
