package org.plegdf.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import org.plegdf.model.StateDict;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Adam with two parameter groups (backbone and new modules, each with its own base learning rate),
 * a shared {@link CosineSchedule}, and L2 weight decay as PyTorch's {@code Adam(weight_decay=...)}.
 * The update is DJL's fused native Adam kernel; the moment estimates and the step counter are kept
 * here so a checkpoint can save and restore them exactly.
 */
public final class PlegdfAdam extends Optimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final Set<String> backboneIds;
    private final double lrBackbone;
    private final double lrHead;
    private final float weightDecay;
    private final CosineSchedule schedule;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    /**
     * @param backboneIds DJL parameter ids that get the backbone learning rate
     * @param lrBackbone base learning rate of the backbone
     * @param lrHead base learning rate of everything else
     * @param weightDecay L2 weight decay
     * @param schedule warm-up and cosine factor by step
     */
    public PlegdfAdam(Set<String> backboneIds, double lrBackbone, double lrHead, double weightDecay, CosineSchedule schedule) {
        super(new Builder());
        this.backboneIds = Set.copyOf(backboneIds);
        this.lrBackbone = lrBackbone;
        this.lrHead = lrHead;
        this.weightDecay = (float) weightDecay;
        this.schedule = schedule;
    }

    /**
     * @param parameterId a DJL parameter id
     * @param step 0-based step
     * @return the learning rate that parameter gets at that step
     */
    public double learningRate(String parameterId, long step) {
        return (backboneIds.contains(parameterId) ? lrBackbone : lrHead) * schedule.factor(step);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        float lr = (float) learningRate(parameterId, t - 1L);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float lrCorrected = (float) (lr * Math.sqrt(coef2) / coef1);
        NDArray m = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray v = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
        weight.getNDArrayInternal().adamUpdate(
                new NDList(weight, grad, m, v), new NDList(weight),
                lr, lrCorrected, weightDecay, rescaleGrad, clipGrad, BETA1, BETA2, EPS, true, false);
    }

    /**
     * The state a checkpoint needs: per parameter, its first and second moments and step count.
     *
     * @param nameOf maps a DJL parameter id to a stable name (the PyTorch name)
     * @return "m." + name and "v." + name to moments, "t." + name to a one-element step array
     */
    public Map<String, float[]> exportState(Map<String, String> nameOf) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : means.entrySet()) {
            String name = nameOf.get(e.getKey());
            out.put("m." + name, e.getValue().toFloatArray());
            out.put("v." + name, variances.get(e.getKey()).toFloatArray());
            out.put("t." + name, new float[] {steps.get(e.getKey())});
        }
        return out;
    }

    /**
     * Restores what {@link #exportState} saved, creating the moment arrays beside each weight.
     *
     * @param state the saved state
     * @param weightsById DJL parameter id to the parameter's array
     * @param nameOf DJL parameter id to its stable name
     */
    public void importState(Map<String, float[]> state, Map<String, NDArray> weightsById, Map<String, String> nameOf) {
        for (Map.Entry<String, NDArray> e : weightsById.entrySet()) {
            String name = nameOf.get(e.getKey());
            float[] m = state.get("m." + name);
            if (m == null) {
                continue;
            }
            NDArray w = e.getValue();
            NDArray mArr = w.zerosLike();
            StateDict.copyInto(mArr, m);
            NDArray vArr = w.zerosLike();
            StateDict.copyInto(vArr, state.get("v." + name));
            means.put(e.getKey(), mArr);
            variances.put(e.getKey(), vArr);
            steps.put(e.getKey(), (int) state.get("t." + name)[0]);
        }
    }

    /** DJL requires a builder for the base class; all settings live in this class. */
    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
