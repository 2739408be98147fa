package org.plegdf.face;

/**
 * dlib's shape predictor, the cascade of regression-tree ensembles of Kazemi and Sullivan ("One
 * millisecond face alignment with an ensemble of regression trees", CVPR 2014), run in Java on the
 * parameters of a dlib {@code .dat} file ({@link ShapePredictorFile}). It reproduces {@code
 * dlib::shape_predictor::operator()} step by step, so that it gives dlib's points on dlib's boxes:
 *
 * <ol>
 *   <li>the shape starts as the model's mean shape, in box-normalised coordinates (the box's
 *       top-left corner at (0, 0), its bottom-right pixel at (1, 1));
 *   <li>each cascade level samples a few hundred pixels, each placed relative to its nearest
 *       mean-shape landmark and moved with the similarity transform from the mean shape to the
 *       current one; pixels outside the image read 0;
 *   <li>every tree of the level compares pixel differences with thresholds down to a leaf and adds
 *       the leaf's shape increment.
 * </ol>
 *
 * Arithmetic follows dlib's: single precision for shapes and increments, pixel positions rounded
 * to the nearest pixel. Immutable and thread-safe; one instance serves a whole process.
 */
public final class ShapePredictor {
    private final float[] meanShape;
    private final Level[] levels;

    /**
     * One cascade level: its feature pixels and its trees, flattened (every tree of a level has the
     * same depth in dlib's models, but nothing here relies on it).
     *
     * @param anchor nearest mean-shape landmark of each feature pixel
     * @param deltas offset of each feature pixel from its anchor, (x, y) pairs, normalised units
     * @param splitStart index of each tree's first split in the split arrays (one extra entry at the end)
     * @param leafStart index of each tree's first leaf (one extra entry at the end)
     * @param idx1 first feature pixel of each split
     * @param idx2 second feature pixel of each split
     * @param thresh threshold on their intensity difference
     * @param leaves leaf increments, one full shape (2 x landmarks floats) per leaf
     */
    record Level(int[] anchor, float[] deltas, int[] splitStart, int[] leafStart, int[] idx1, int[] idx2, float[] thresh, float[] leaves) {
        int trees() {
            return splitStart.length - 1;
        }
    }

    ShapePredictor(float[] meanShape, Level[] levels) {
        this.meanShape = meanShape;
        this.levels = levels;
    }

    /** @return how many landmarks the model places */
    public int parts() {
        return meanShape.length / 2;
    }

    /** @return the mean shape the cascade starts from, in box-normalised coordinates (box corners at 0 and 1) */
    public Point2[] meanShape() {
        Point2[] out = new Point2[parts()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Point2(meanShape[2 * i], meanShape[2 * i + 1]);
        }
        return out;
    }

    /** @return cascade levels */
    public int cascadeLevels() {
        return levels.length;
    }

    /** @return trees over all levels */
    public int trees() {
        int n = 0;
        for (Level l : levels) {
            n += l.trees();
        }
        return n;
    }

    /** @return bytes the parameters take in memory (approximate) */
    public long memoryBytes() {
        long n = meanShape.length * 4L;
        for (Level l : levels) {
            n += 4L * (l.anchor.length + l.deltas.length + l.splitStart.length + l.leafStart.length
                    + l.idx1.length + l.idx2.length + l.thresh.length + l.leaves.length);
        }
        return n;
    }

    /** Grey levels of an image the way dlib reads them; {@link GrayPixels#of} wraps a BGR Mat. */
    @FunctionalInterface
    public interface GrayPixels {
        /**
         * @param x column, any integer
         * @param y row, any integer
         * @return intensity 0..255; 0 outside the image (as dlib reads it)
         */
        int at(int x, int y);

        /**
         * @param bgr an 8-bit, 3-channel BGR image
         * @return its grey levels as dlib computes them from RGB: {@code (r + g + b) / 3}, integer
         *     division (dlib's {@code assign_pixel} from {@code rgb_pixel} to {@code unsigned char}), read
         *     only at the pixels the predictor samples; valid while {@code bgr} is
         */
        static GrayPixels of(org.bytedeco.opencv.opencv_core.Mat bgr) {
            org.bytedeco.javacpp.indexer.UByteIndexer ix = bgr.createIndexer();
            int w = bgr.cols();
            int h = bgr.rows();
            return (x, y) -> x >= 0 && y >= 0 && x < w && y < h ? (ix.get(y, x, 0) + ix.get(y, x, 1) + ix.get(y, x, 2)) / 3 : 0;
        }
    }

    /**
     * Places the landmarks of the face in a box.
     *
     * @param image the image
     * @param left box left column (dlib's {@code rectangle::left()})
     * @param top box top row
     * @param right box right column, inclusive: {@code left + width - 1} for a box {@code width} wide
     * @param bottom box bottom row, inclusive
     * @return the landmarks in image pixels, sub-pixel (dlib rounds them to whole pixels)
     */
    public Point2[] predict(GrayPixels image, double left, double top, double right, double bottom) {
        float[] shape = meanShape.clone();
        float[] features = new float[0];
        double sx = right - left;
        double sy = bottom - top;
        for (Level level : levels) {
            if (features.length != level.anchor.length) {
                features = new float[level.anchor.length];
            }
            sample(image, level, shape, left, top, sx, sy, features);
            for (int t = 0; t < level.trees(); t++) {
                int leaf = descend(level, t, features);
                int off = (level.leafStart[t] + leaf) * shape.length;
                for (int k = 0; k < shape.length; k++) {
                    shape[k] += level.leaves[off + k];
                }
            }
        }
        Point2[] out = new Point2[parts()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Point2(left + shape[2 * i] * sx, top + shape[2 * i + 1] * sy);
        }
        return out;
    }

    private static int descend(Level level, int tree, float[] features) {
        int base = level.splitStart[tree];
        int splits = level.splitStart[tree + 1] - base;
        int i = 0;
        while (i < splits) {
            int s = base + i;
            i = features[level.idx1[s]] - features[level.idx2[s]] > level.thresh[s] ? 2 * i + 1 : 2 * i + 2;
        }
        return i - splits;
    }

    /** The level's feature pixels, placed on the current shape (dlib's {@code extract_feature_pixel_values}). */
    private void sample(GrayPixels image, Level level, float[] shape, double left, double top, double sx, double sy, float[] out) {
        float[] m = similarity(meanShape, shape);
        for (int i = 0; i < out.length; i++) {
            int a = level.anchor[i];
            float dx = level.deltas[2 * i];
            float dy = level.deltas[2 * i + 1];
            float u = m[0] * dx + m[1] * dy + shape[2 * a];
            float v = m[2] * dx + m[3] * dy + shape[2 * a + 1];
            int x = (int) Math.floor(left + u * sx + 0.5);
            int y = (int) Math.floor(top + v * sy + 0.5);
            out[i] = image.at(x, y);
        }
    }

    /**
     * The linear part of the least-squares similarity transform taking shape {@code from} onto
     * {@code to} (dlib's {@code find_similarity_transform}), in double precision, returned as floats
     * the way dlib casts it.
     *
     * @return {@code {m00, m01, m10, m11}}
     */
    static float[] similarity(float[] from, float[] to) {
        Affine m = SimilarityFit.fit(points(from), points(to));
        return new float[] {(float) m.a(), (float) m.b(), (float) m.d(), (float) m.e()};
    }

    private static Point2[] points(float[] shape) {
        Point2[] p = new Point2[shape.length / 2];
        for (int i = 0; i < p.length; i++) {
            p[i] = new Point2(shape[2 * i], shape[2 * i + 1]);
        }
        return p;
    }
}
