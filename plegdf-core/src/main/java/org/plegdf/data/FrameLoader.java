package org.plegdf.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import org.plegdf.util.PlegdfException;

/**
 * Turns face-frame files into network input: decode, optionally augment, resize to S x S, and
 * write RGB planes (CHW, channel-major, row-major inside a plane) as floats, normalised per channel
 * as {@code (v / 255 - mean[c]) / std[c]}.
 *
 * <p>Stateless apart from its settings, so one instance can serve many loader threads; pass each
 * thread (or each item) its own {@link Random}. For a batch, allocate one {@code float[B * 3 * S * S]}
 * and fill it with {@link #loadInto}; it is laid out as DJL's {@code (B, 3, S, S)} array.
 */
public final class FrameLoader {
    private final int size;
    private final float[][] lut = new float[3][256];

    /**
     * @param size the side S of the network input
     * @param mean per-channel RGB mean in [0, 1] units (e.g. ImageNet's 0.485, 0.456, 0.406)
     * @param std per-channel RGB standard deviation in [0, 1] units, each > 0
     */
    public FrameLoader(int size, float[] mean, float[] std) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB)");
        }
        this.size = size;
        for (int c = 0; c < 3; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("std values must be > 0");
            }
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
    }

    /**
     * @param size the side S of the network input
     * @return a loader with values v / 255 in [0, 1], not normalised
     */
    public static FrameLoader unnormalised(int size) {
        return new FrameLoader(size, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    }

    /**
     * @param size the side S of the network input
     * @return a loader normalised with the ImageNet mean and std (the model's default)
     */
    public static FrameLoader imagenet(int size) {
        return new FrameLoader(size, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    /** @return the side S */
    public int size() {
        return size;
    }

    /** @return the floats one frame takes: 3 * S * S */
    public int frameLength() {
        return 3 * size * size;
    }

    /**
     * Loads a frame without augmentation (evaluation, inference).
     *
     * @param file an image file
     * @return 3 * S * S floats, CHW
     * @throws PlegdfException {@link org.plegdf.util.ExitCodes#BAD_IMAGE} naming the file when it
     *     cannot be decoded
     */
    public float[] load(Path file) {
        float[] out = new float[frameLength()];
        loadInto(file, null, null, out, 0);
        return out;
    }

    /**
     * Loads a frame, augmented when {@code augmentation} is given.
     *
     * @param file an image file
     * @param augmentation the augmentation, or null for none
     * @param rng the random source of the augmentation (unused when there is none)
     * @return 3 * S * S floats, CHW
     */
    public float[] load(Path file, Augmentation augmentation, Random rng) {
        float[] out = new float[frameLength()];
        loadInto(file, augmentation, rng, out, 0);
        return out;
    }

    /**
     * Loads a frame into slot {@code index} of a batch buffer.
     *
     * @param file an image file
     * @param augmentation the augmentation, or null for none
     * @param rng the random source of the augmentation (unused when there is none)
     * @param batch a buffer of at least (index + 1) * 3 * S * S floats
     * @param index the slot in the batch
     */
    public void loadInto(Path file, Augmentation augmentation, Random rng, float[] batch, int index) {
        BufferedImage img = ImageFiles.readRgb(file);
        BufferedImage sized = augmentation == null
                ? (img.getWidth() == size && img.getHeight() == size ? img : ImageOps.resize(img, size))
                : augmentation.apply(img, size, rng);
        toChw(sized, batch, index * frameLength());
    }

    /**
     * Writes an S x S image's normalised RGB planes into {@code dst} from {@code offset}.
     *
     * @param img an image of S x S (any type; TYPE_INT_RGB is read without conversion)
     * @param dst the buffer
     * @param offset where the red plane starts
     */
    public void toChw(BufferedImage img, float[] dst, int offset) {
        if (img.getWidth() != size || img.getHeight() != size) {
            throw new IllegalArgumentException("image is " + img.getWidth() + "x" + img.getHeight()
                    + ", expected " + size + "x" + size);
        }
        int[] px = ImageOps.rgbPixels(img);
        int plane = size * size;
        float[] lr = lut[0];
        float[] lg = lut[1];
        float[] lb = lut[2];
        int g0 = offset + plane;
        int b0 = offset + 2 * plane;
        for (int i = 0; i < plane; i++) {
            int p = px[i];
            dst[offset + i] = lr[(p >> 16) & 255];
            dst[g0 + i] = lg[(p >> 8) & 255];
            dst[b0 + i] = lb[p & 255];
        }
    }
}
