package org.plegdf.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.Safetensors;
import org.plegdf.model.TorchNames;

/**
 * An exponential moving average of a network's weights (BatchNorm statistics included), updated
 * after every optimizer step. The averaged weights are what the dev split scores and what the
 * model folder keeps: on a few dozen dev recordings the raw weights' dev RMSE jumps from epoch to
 * epoch, so picking the best epoch picked luck (docs/results.md, "Training recipe"); the average
 * moves smoothly and generalises at least as well. The decay warms up as in TensorFlow's
 * ExponentialMovingAverage ({@code min(decay, (1 + n) / (10 + n))}) so the start is not dominated
 * by the random initialisation.
 */
final class WeightAverage implements AutoCloseable {
    private final Map<String, Parameter> params;
    private final Map<String, NDArray> average = new LinkedHashMap<>();
    private final NDManager manager;
    private final double decay;
    private long updates;

    /**
     * @param net the initialised network (its current weights start the average)
     * @param decay the per-step decay in (0, 1)
     * @param parent the manager the average's arrays live under
     */
    WeightAverage(PlegdfFglscfNet net, double decay, NDManager parent) {
        this.params = TorchNames.of(net);
        this.decay = decay;
        this.manager = parent.newSubManager();
        params.forEach((name, p) -> average.put(name, copyOf(p.getArray())));
    }

    private NDArray copyOf(NDArray a) {
        NDArray c = a.duplicate();
        c.attach(manager);
        return c;
    }

    /** Folds the network's current weights into the average (call after each optimizer step). */
    void update() {
        updates++;
        float d = (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray a = average.get(e.getKey());
            // a + (1 - d)(w - a): a weight that does not move keeps its average exactly
            try (NDArray step = e.getValue().getArray().sub(a)) {
                a.addi(step.muli(1f - d));
            }
        }
    }

    /** Exchanges the network's weights and the average, in place (call twice to undo). */
    void swap() {
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray w = e.getValue().getArray();
            NDArray a = average.get(e.getKey());
            try (NDArray held = w.duplicate()) {
                w.set(new NDIndex("..."), a);
                a.set(new NDIndex("..."), held);
            }
        }
    }

    /** @return the average and its update count as tensors for a checkpoint */
    Map<String, Safetensors.Tensor> export() {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        average.forEach((name, a) -> out.put(name, new Safetensors.Tensor("F32", a.getShape().getShape(), a.toFloatArray())));
        out.put(UPDATES, new Safetensors.Tensor("F32", new long[] {1}, new float[] {updates}));
        return out;
    }

    /** @param saved what {@link #export} wrote */
    void restore(Map<String, Safetensors.Tensor> saved) {
        average.forEach((name, a) -> {
            Safetensors.Tensor t = saved.get(name);
            if (t == null) {
                throw new IllegalStateException("the checkpoint's weight average lacks " + name);
            }
            try (NDArray src = manager.create(t.values(), a.getShape()).toDevice(a.getDevice(), false)) {
                a.set(new NDIndex("..."), src);
            }
        });
        updates = (long) saved.get(UPDATES).values()[0];
    }

    private static final String UPDATES = "__updates__";

    @Override
    public void close() {
        manager.close();
    }
}
