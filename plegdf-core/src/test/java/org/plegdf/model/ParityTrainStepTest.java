package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.plegdf.store.ModelStore;

/**
 * One training step against the PyTorch reference, per ablation: same weights, same batch, train
 * mode (BatchNorm uses the batch statistics and updates its running statistics), dropout 0, the
 * PlegdfLoss, plain SGD with the backbone's and the new modules' learning rates. The loss and every
 * weight and BatchNorm statistic afterwards agree.
 */
class ParityTrainStepTest {
    private static final float LR_BACKBONE = 0.05f;
    private static final float LR_NEW = 0.5f;
    private static final int BATCH = 4;

    @TempDir
    static Path dir;

    @BeforeAll
    static void export() {
        Engines.engine();
        Reference.requireTorch();
        ModelConfig base = ParityModelTest.tiny(Ablation.FULL);
        base.dropout = 0;
        Object[] cfg = ParityModelTest.configs(dir, base);
        Object[] args = new Object[cfg.length + 9];
        Object[] head = {"train-step", "--batch", BATCH, "--lr-backbone", LR_BACKBONE, "--lr-new", LR_NEW, "--out", dir.resolve("ref")};
        System.arraycopy(head, 0, args, 0, head.length);
        System.arraycopy(cfg, 0, args, head.length, cfg.length);
        Reference.parity(args);
    }

    @ParameterizedTest
    @EnumSource(Ablation.class)
    void oneSgdStepLeavesTheSameWeights(Ablation ablation) {
        Path folder = dir.resolve("ref").resolve(ablation.id());
        Map<String, Safetensors.Tensor> io = Reference.tensors(folder.resolve("io.safetensors"));
        Map<String, Safetensors.Tensor> before = Reference.tensors(folder.resolve("before").resolve(ModelStore.WEIGHTS));
        Map<String, Safetensors.Tensor> after = Reference.tensors(folder.resolve("after.safetensors"));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = ModelStore.load(folder.resolve("before"), m);
            Optimizer backboneSgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LR_BACKBONE)).build();
            Optimizer newSgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LR_NEW)).build();
            float loss;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDList out = net.forward(new ParameterStore(m, false), new NDList(Reference.array(m, io.get("input"))), true);
                NDArray l = new PlegdfLoss(net.config()).evaluate(new NDList(Reference.array(m, io.get("target"))), out);
                loss = l.getFloat();
                gc.backward(l);
            }
            Map<String, Parameter> params = TorchNames.of(net);
            params.forEach((name, p) -> {
                if (p.requiresGradient()) {
                    NDArray w = p.getArray();
                    (name.startsWith("backbone.") ? backboneSgd : newSgd).update(p.getId(), w, w.getGradient());
                }
            });

            float refLoss = io.get("loss").values()[0];
            assertThat((double) Math.abs(loss - refLoss)).as("loss").isLessThanOrEqualTo(ParityModelTest.TOLERANCE);
            double worst = 0;
            double worstUpdate = 0;
            String worstName = "";
            double largestUpdate = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                String name = e.getKey();
                float[] mine = e.getValue().getArray().toFloatArray();
                float[] ref = after.get(name).values();
                double d = Reference.maxAbsDiff(mine, ref);
                if (d > worst) {
                    worst = d;
                    worstName = name;
                }
                // The step itself, compared on its own scale: weights could agree only because the step was tiny.
                float[] old = before.get(name).values();
                float[] myStep = new float[old.length];
                float[] refStep = new float[old.length];
                for (int i = 0; i < old.length; i++) {
                    myStep[i] = mine[i] - old[i];
                    refStep[i] = ref[i] - old[i];
                }
                largestUpdate = Math.max(largestUpdate, Reference.maxAbs(refStep));
                worstUpdate = Math.max(worstUpdate, Reference.maxAbsDiff(myStep, refStep) / Math.max(Reference.maxAbs(refStep), 1e-3));
            }
            assertThat(largestUpdate).as("the step changes the weights").isGreaterThan(1e-2);
            assertThat(worst).as("weights after the step (" + worstName + ")").isLessThanOrEqualTo(ParityModelTest.TOLERANCE);
            assertThat(worstUpdate).as("step relative to its size").isLessThanOrEqualTo(5e-3);
        }
    }
}
