package org.plegdf.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import org.plegdf.data.FrameLoader;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.Tensors;

/**
 * Computes {@link SaliencyMap}s: one batched forward and backward pass over a handful of crops.
 *
 * <p>DJL's PyTorch engine allows only one gradient collector in the whole process at a time, so
 * every computation here takes one process-wide lock; predictions themselves never record
 * gradients and are not slowed by it.
 */
final class Saliency {
    private static final Object COLLECTOR_LOCK = new Object();

    private Saliency() {}

    /**
     * @param net the network (parameters frozen: only the input gets a gradient)
     * @param manager the manager whose sub-manager holds the pass
     * @param loader the model's normalisation
     * @param faces the crops, at the network's input size
     * @return the averaged map
     */
    static SaliencyMap of(PlegdfFglscfNet net, NDManager manager, FrameLoader loader, List<SampledFace> faces) {
        int n = faces.size();
        int s = loader.size();
        float[] chw = new float[n * loader.frameLength()];
        for (int i = 0; i < n; i++) {
            loader.toChw(faces.get(i).image(), chw, i * loader.frameLength());
        }
        float[] g;
        synchronized (COLLECTOR_LOCK) {
            try (NDManager sub = manager.newSubManager();
                    GradientCollector gc = sub.getEngine().newGradientCollector()) {
                NDArray x = Tensors.create(sub, chw, new Shape(n, 3, s, s));
                x.setRequiresGradient(true);
                NDList out = net.forward(new ParameterStore(sub, false), new NDList(x), false);
                // The frames are independent, so the gradient of the sum is each frame's own gradient.
                gc.backward(out.get(PlegdfFglscfNet.SCORE).sum());
                g = x.getGradient().abs().max(new int[] {1}).mean(new int[] {0}).toFloatArray();
            }
        }
        return new SaliencyMap(s, normalise(g), n);
    }

    private static float[] normalise(float[] g) {
        float[] sorted = g.clone();
        Arrays.sort(sorted);
        float top = sorted[(int) Math.floor(0.99 * (sorted.length - 1))];
        if (!(top > 0)) {
            top = sorted[sorted.length - 1];
        }
        float[] out = new float[g.length];
        if (!(top > 0)) {
            return out;
        }
        for (int i = 0; i < g.length; i++) {
            out[i] = Math.min(1f, g[i] / top);
        }
        return out;
    }
}
