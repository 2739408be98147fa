package org.plegdf.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import ai.djl.ndarray.types.Shape;

/**
 * PyTorch's {@code AdaptiveAvgPool2d(R)} as one matrix product: a (R*R) x (H*W) matrix of averaging
 * weights, with PyTorch's bin edges (start = floor(i*H/R), end = ceil((i+1)*H/R); bins may overlap).
 * Batched, engine-independent, and exact for any H, W.
 */
final class RegionPooling {
    private RegionPooling() {}

    /**
     * @param h input height
     * @param w input width
     * @param r output grid side
     * @return row-major (r*r) x (h*w) weights; row i*r+j averages bin (i, j)
     */
    static float[] weights(int h, int w, int r) {
        float[] m = new float[r * r * h * w];
        for (int i = 0; i < r; i++) {
            int y0 = (i * h) / r;
            int y1 = ((i + 1) * h + r - 1) / r;
            for (int j = 0; j < r; j++) {
                int x0 = (j * w) / r;
                int x1 = ((j + 1) * w + r - 1) / r;
                float inv = 1f / ((y1 - y0) * (x1 - x0));
                int row = (i * r + j) * h * w;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        m[row + y * w + x] = inv;
                    }
                }
            }
        }
        return m;
    }

    /**
     * @param ps the forward pass's parameter store (it says the precision of the weights matrix)
     * @param x feature map (B, C, H, W)
     * @param r grid side
     * @return region features (B, R*R, C), regions in row-major order
     */
    static NDArray pool(ParameterStore ps, NDArray x, int r) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDArray p = InferenceNetwork.constantLike(ps, x, weights(h, w, r), new Shape(r * r, (long) h * w));
        // (B, C, HW) x (HW, RR) -> (B, C, RR) -> (B, RR, C)
        return x.reshape(s.get(0), s.get(1), (long) h * w).matMul(p.transpose()).transpose(0, 2, 1);
    }
}
