package org.plegdf.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Geometric operations on RGB images done by Java2D in one pass over the destination: crop, resize
 * and mirror together.
 */
public final class ImageOps {
    private ImageOps() {}

    /**
     * @param src an image
     * @param size the side S of the square output
     * @return {@code src} resized to S x S (the aspect ratio is not kept: face crops are square)
     */
    public static BufferedImage resize(BufferedImage src, int size) {
        return cropResize(src, 0, 0, src.getWidth(), src.getHeight(), size, false);
    }

    /**
     * Crops a rectangle of {@code src}, resizes it to S x S and optionally mirrors it left-right.
     * Bilinear; a region more than twice the output is first halved repeatedly (box filter), so a
     * large frame does not alias when it shrinks to S.
     *
     * @param src an image
     * @param x left of the region
     * @param y top of the region
     * @param w width of the region (at least 1)
     * @param h height of the region (at least 1)
     * @param size the output side S
     * @param mirror true to flip horizontally
     * @return a new TYPE_INT_RGB image of S x S
     */
    public static BufferedImage cropResize(BufferedImage src, int x, int y, int w, int h, int size, boolean mirror) {
        if (size < 1 || w < 1 || h < 1) {
            throw new IllegalArgumentException("sizes must be >= 1");
        }
        BufferedImage region = src;
        int rx = x;
        int ry = y;
        int rw = w;
        int rh = h;
        while (rw >= 2 * size && rh >= 2 * size) {
            region = halve(region, rx, ry, rw, rh);
            rx = 0;
            ry = 0;
            rw = region.getWidth();
            rh = region.getHeight();
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int dx1 = mirror ? size : 0;
            int dx2 = mirror ? 0 : size;
            g.drawImage(region, dx1, 0, dx2, size, rx, ry, rx + rw, ry + rh, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The packed 0xRRGGBB pixels of an image, row by row, in one bulk access. For a plain
     * TYPE_INT_RGB image this is its own pixel array (no copy: writing to it changes the image);
     * for anything else, a converted copy.
     *
     * @param img an image
     * @return width * height packed pixels
     */
    public static int[] rgbPixels(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        WritableRaster r = img.getRaster();
        if (img.getType() == BufferedImage.TYPE_INT_RGB
                && r.getParent() == null
                && r.getSampleModelTranslateX() == 0
                && r.getSampleModelTranslateY() == 0
                && r.getSampleModel() instanceof SinglePixelPackedSampleModel sm
                && sm.getScanlineStride() == w
                && r.getDataBuffer() instanceof DataBufferInt db
                && db.getNumBanks() == 1
                && db.getOffset() == 0
                && db.getSize() == w * h) {
            return db.getData();
        }
        return img.getRGB(0, 0, w, h, null, 0, w);
    }

    /** 2x2 box-filter downscale of a region, on the raw int pixels. */
    private static BufferedImage halve(BufferedImage src, int x, int y, int w, int h) {
        int sw = src.getWidth();
        int[] in = rgbPixels(ImageFiles.toRgb(src));
        int ow = w / 2;
        int oh = h / 2;
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] o = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int j = 0; j < oh; j++) {
            int r0 = (y + 2 * j) * sw + x;
            int r1 = r0 + sw;
            for (int i = 0; i < ow; i++) {
                int a = in[r0 + 2 * i];
                int b = in[r0 + 2 * i + 1];
                int c = in[r1 + 2 * i];
                int d = in[r1 + 2 * i + 1];
                int r = (((a >> 16) & 255) + ((b >> 16) & 255) + ((c >> 16) & 255) + ((d >> 16) & 255) + 2) >> 2;
                int gg = (((a >> 8) & 255) + ((b >> 8) & 255) + ((c >> 8) & 255) + ((d >> 8) & 255) + 2) >> 2;
                int bb = ((a & 255) + (b & 255) + (c & 255) + (d & 255) + 2) >> 2;
                o[j * ow + i] = (r << 16) | (gg << 8) | bb;
            }
        }
        return out;
    }
}
