package org.plegdf.predict;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws the report's face figures: the aligned face enlarged, the FGLSCF region weights as a
 * coloured grid over it, and the saliency map over it. Heat maps sit on a grey copy of the face so
 * that the colours read as the map, not as skin.
 */
final class FaceOverlays {
    /** The inferno colour map (matplotlib), 9 anchors from 0 to 1: dark = low, bright = high. */
    static final int[][] INFERNO = {
        {0, 0, 4}, {31, 12, 72}, {85, 15, 109}, {136, 34, 106}, {186, 54, 85},
        {227, 89, 51}, {249, 140, 10}, {249, 201, 50}, {252, 255, 164}
    };

    private FaceOverlays() {}

    /**
     * @param v a value in [0, 1]
     * @return its inferno colour as 0xRRGGBB
     */
    static int colour(double v) {
        double x = Math.max(0, Math.min(1, v)) * (INFERNO.length - 1);
        int i = Math.min(INFERNO.length - 2, (int) x);
        double t = x - i;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            int a = INFERNO[i][c];
            int b = INFERNO[i + 1][c];
            rgb = (rgb << 8) | (int) Math.round(a + t * (b - a));
        }
        return rgb;
    }

    /**
     * @param face the crop
     * @param side display side in pixels
     * @return the crop enlarged smoothly
     */
    static BufferedImage enlarged(BufferedImage face, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(face, 0, 0, side, side, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Draws dlib's 68 landmarks over a face figure: the contours of jaw, brows, nose, eyes and lips
     * as thin lines and each point as a dot (the iBUG 300-W grouping).
     *
     * @param figure the face at its display size (drawn on)
     * @param landmarks the points as fractions of the side ({@code x0, y0, ...}), or null (figure unchanged)
     * @return the figure
     */
    static BufferedImage landmarks(BufferedImage figure, float[] landmarks) {
        if (landmarks == null) {
            return figure;
        }
        int side = figure.getWidth();
        // Contours: first and last index of each polyline, and whether it closes.
        int[][] parts = {{0, 16, 0}, {17, 21, 0}, {22, 26, 0}, {27, 30, 0}, {31, 35, 0}, {36, 41, 1}, {42, 47, 1}, {48, 59, 1}, {60, 67, 1}};
        Graphics2D g = figure.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setStroke(new BasicStroke(Math.max(1f, side / 300f)));
            g.setColor(new Color(80, 220, 255, 170));
            for (int[] part : parts) {
                for (int i = part[0]; i < part[1] + part[2]; i++) {
                    int j = i == part[1] ? part[0] : i + 1;
                    g.drawLine(Math.round(landmarks[2 * i] * side), Math.round(landmarks[2 * i + 1] * side),
                            Math.round(landmarks[2 * j] * side), Math.round(landmarks[2 * j + 1] * side));
                }
            }
            int r = Math.max(2, side / 150);
            g.setColor(new Color(255, 240, 60));
            for (int i = 0; i < landmarks.length / 2; i++) {
                g.fillOval(Math.round(landmarks[2 * i] * side) - r, Math.round(landmarks[2 * i + 1] * side) - r, 2 * r, 2 * r);
            }
        } finally {
            g.dispose();
        }
        return figure;
    }

    /**
     * The region weights as a grid over the face: each cell tinted by its weight relative to the
     * largest, labelled with its percentage.
     *
     * @param face the crop
     * @param regions the mean region weights (R x R, non-empty)
     * @param side display side in pixels
     * @return the figure
     */
    static BufferedImage regions(BufferedImage face, List<RegionWeight> regions, int side) {
        int r = (int) Math.round(Math.sqrt(regions.size()));
        BufferedImage out = grey(enlarged(face, side));
        double[] heat = new double[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                // Same bins as the network's region pooling: cell i covers [i*S/R, (i+1)*S/R).
                int row = Math.min(r - 1, y * r / side);
                int col = Math.min(r - 1, x * r / side);
                heat[y * side + x] = RegionWeight.heat(weight(regions, row, col), regions.size());
            }
        }
        blend(out, heat);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(255, 255, 255, 170));
            g.setStroke(new BasicStroke(1.5f));
            for (int i = 1; i < r; i++) {
                int p = i * side / r;
                g.drawLine(p, 0, p, side);
                g.drawLine(0, p, side, p);
            }
            int fontSize = Math.max(10, Math.min(22, side / (r * 4)));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, fontSize));
            FontMetrics fm = g.getFontMetrics();
            for (RegionWeight w : regions) {
                String text = String.format(Locale.ROOT, "%.0f%%", w.weight() * 100);
                int cx = (2 * w.col() + 1) * side / (2 * r);
                int cy = (2 * w.row() + 1) * side / (2 * r);
                int tx = cx - fm.stringWidth(text) / 2;
                int ty = cy + fm.getAscent() / 2 - 1;
                g.setColor(new Color(0, 0, 0, 190));
                g.drawString(text, tx + 1, ty + 1);
                g.setColor(Color.WHITE);
                g.drawString(text, tx, ty);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static double weight(List<RegionWeight> regions, int row, int col) {
        for (RegionWeight w : regions) {
            if (w.row() == row && w.col() == col) {
                return w.weight();
            }
        }
        return 0;
    }

    /**
     * The saliency map over the face, smoothed a little (raw input gradients are speckled from
     * pixel to pixel, which hides where they concentrate).
     *
     * @param face the crop
     * @param map the saliency map (same side as the crop)
     * @param side display side in pixels
     * @return the figure
     */
    static BufferedImage saliency(BufferedImage face, SaliencyMap map, int side) {
        int s = map.size();
        float[] smooth = boxBlur(map.values(), s, Math.max(1, s / 32));
        float top = 0;
        for (float v : smooth) {
            top = Math.max(top, v);
        }
        BufferedImage out = grey(enlarged(face, side));
        double[] heat = new double[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                heat[y * side + x] = top > 0 ? bilinear(smooth, s, (x + 0.5) * s / side - 0.5, (y + 0.5) * s / side - 0.5) / top : 0;
            }
        }
        blend(out, heat);
        return out;
    }

    private static float[] boxBlur(float[] v, int s, int radius) {
        float[] tmp = new float[v.length];
        float[] out = new float[v.length];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                float sum = 0;
                int n = 0;
                for (int d = -radius; d <= radius; d++) {
                    int xx = x + d;
                    if (xx >= 0 && xx < s) {
                        sum += v[y * s + xx];
                        n++;
                    }
                }
                tmp[y * s + x] = sum / n;
            }
        }
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                float sum = 0;
                int n = 0;
                for (int d = -radius; d <= radius; d++) {
                    int yy = y + d;
                    if (yy >= 0 && yy < s) {
                        sum += tmp[yy * s + x];
                        n++;
                    }
                }
                out[y * s + x] = sum / n;
            }
        }
        return out;
    }

    private static double bilinear(float[] v, int s, double x, double y) {
        double cx = Math.max(0, Math.min(s - 1, x));
        double cy = Math.max(0, Math.min(s - 1, y));
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        int x1 = Math.min(s - 1, x0 + 1);
        int y1 = Math.min(s - 1, y0 + 1);
        double tx = cx - x0;
        double ty = cy - y0;
        double top = v[y0 * s + x0] * (1 - tx) + v[y0 * s + x1] * tx;
        double bottom = v[y1 * s + x0] * (1 - tx) + v[y1 * s + x1] * tx;
        return top * (1 - ty) + bottom * ty;
    }

    private static BufferedImage grey(BufferedImage img) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int l = (int) Math.round(0.299 * ((p >> 16) & 255) + 0.587 * ((p >> 8) & 255) + 0.114 * (p & 255));
                img.setRGB(x, y, (l << 16) | (l << 8) | l);
            }
        }
        return img;
    }

    /** Heat over the grey face: stronger values are both brighter in the colour map and more opaque. */
    private static void blend(BufferedImage img, double[] heat) {
        int w = img.getWidth();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                double v = Math.max(0, Math.min(1, heat[y * w + x]));
                double a = 0.25 + 0.5 * v;
                int c = colour(v);
                int p = img.getRGB(x, y);
                int rgb = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int base = (p >> shift) & 255;
                    int tint = (c >> shift) & 255;
                    rgb |= ((int) Math.round(base * (1 - a) + tint * a)) << shift;
                }
                img.setRGB(x, y, rgb);
            }
        }
    }
}
