package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;

/**
 * A batch of normalised face crops through the network, back to the rating scale, clamped: the one
 * place evaluation and prediction score crops, so both give the same number for the same crop.
 * Every batch lives in its own sub-manager that is closed before returning, so memory stays flat
 * however many crops pass. Safe for concurrent use: the network's parameters are only read.
 */
public final class CropScorer {

    /**
     * Scores of one batch.
     *
     * @param scores per-crop scores on the rating scale, clamped to [0, max]
     * @param regionWeights per-crop region weights, crop-major (n x R*R), or null without FGLSCF
     * @param regions R*R, or 0 without FGLSCF
     */
    public record Batch(double[] scores, float[] regionWeights, int regions) {}

    /** The running mean of region weights over crops (for a video, or a prediction). */
    public static final class WeightMean {
        private double[] sum;
        private int count;

        /**
         * @param b a scored batch
         * @param i which of its crops
         */
        public void add(Batch b, int i) {
            count++;
            if (b.regionWeights() == null) {
                return;
            }
            if (sum == null) {
                sum = new double[b.regions()];
            }
            for (int r = 0; r < b.regions(); r++) {
                sum[r] += b.regionWeights()[i * b.regions() + r];
            }
        }

        /** @return the mean region weights (R*R, row-major), or null when the network has none */
        public double[] mean() {
            if (sum == null) {
                return null;
            }
            double[] m = new double[sum.length];
            for (int r = 0; r < m.length; r++) {
                m[r] = sum[r] / count;
            }
            return m;
        }
    }

    private final PlegdfFglscfNet net;
    private final InferenceNetwork fast;
    private final NDManager manager;
    private final int size;
    private final double scaleMax;

    /**
     * The network as it trains, unfolded, in float32: for scoring a network whose parameters still
     * change (evaluation during training), where the numbers must be those of the training graph.
     *
     * @param net the network, its parameters on {@code manager}'s device
     * @param manager the manager whose sub-managers hold each batch
     */
    public CropScorer(PlegdfFglscfNet net, NDManager manager) {
        this(net, null, manager);
    }

    /**
     * The fast path for a loaded model: BatchNorm folded, in the prepared network's precision.
     *
     * @param fast the prepared network, its arrays on {@code manager}'s device
     * @param manager the manager whose sub-managers hold each batch
     */
    public CropScorer(InferenceNetwork fast, NDManager manager) {
        this(fast.network(), fast, manager);
    }

    private CropScorer(PlegdfFglscfNet net, InferenceNetwork fast, NDManager manager) {
        ModelConfig cfg = net.config();
        this.net = net;
        this.fast = fast;
        this.manager = manager;
        this.size = cfg.inputSize;
        this.scaleMax = cfg.scale.max();
    }

    /** @return the prepared network this scorer runs, or null for the unfolded float32 path */
    public InferenceNetwork inference() {
        return fast;
    }

    /**
     * @param chw a buffer holding at least n crops of 3 x S x S floats (CHW, normalised)
     * @param n how many crops of the buffer to score
     * @return their scores and region weights
     */
    public Batch score(float[] chw, int n) {
        int frameLength = 3 * size * size;
        float[] data = chw.length == n * frameLength ? chw : Arrays.copyOf(chw, n * frameLength);
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = Tensors.create(sub, data, new Shape(n, 3, size, size));
            NDList out = fast != null ? fast.forward(x) : net.forward(new ParameterStore(sub, false), new NDList(x), false);
            float[] s = out.get(PlegdfFglscfNet.SCORE).toFloatArray();
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                // The network predicts in units of the scale's maximum; scores outside the scale mean nothing.
                scores[i] = Math.max(0, Math.min(scaleMax, s[i] * scaleMax));
            }
            if (!out.contains(PlegdfFglscfNet.REGION_WEIGHTS)) {
                return new Batch(scores, null, 0);
            }
            float[] w = out.get(PlegdfFglscfNet.REGION_WEIGHTS).toFloatArray();
            return new Batch(scores, w, w.length / n);
        }
    }
}
