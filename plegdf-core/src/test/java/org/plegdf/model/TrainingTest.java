package org.plegdf.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plegdf.testkit.TinyModel;

/** Proves the whole graph trains: gradients reach every parameter, and steps lower the loss. */
class TrainingTest {

    private static Trainer trainer(Model model, ModelConfig cfg, float lr) {
        DefaultTrainingConfig tc = new DefaultTrainingConfig(new PlegdfLoss(cfg))
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build())
                .optDevices(new Device[] {Device.cpu()});
        Trainer t = model.newTrainer(tc);
        t.initialize(new PlegdfFglscfNet(cfg).inputShape(8));
        return t;
    }

    private static float step(Trainer t, NDArray x, NDArray y) {
        try (GradientCollector gc = t.newGradientCollector()) {
            NDList pred = t.forward(new NDList(x));
            NDArray loss = t.getLoss().evaluate(new NDList(y), pred);
            gc.backward(loss);
            float v = loss.getFloat();
            t.step();
            return v;
        }
    }

    @Test
    void gradientReachesEveryParameterOfTheFullModel() {
        ModelConfig cfg = TinyModel.config(BackboneSpec.RESNET18_QUARTER, Ablation.FULL, 64);
        cfg.dropout = 0.1;
        try (Model model = Model.newInstance("grad", Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
            model.setBlock(net);
            try (Trainer t = trainer(model, cfg, 1e-3f)) {
                NDManager m = t.getManager();
                NDArray x = m.randomNormal(net.inputShape(4));
                NDArray y = m.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(4));
                try (GradientCollector gc = t.newGradientCollector()) {
                    NDArray loss = t.getLoss().evaluate(new NDList(y), t.forward(new NDList(x)));
                    gc.backward(loss);
                }
                int checked = 0;
                for (Map.Entry<String, Parameter> e : TorchNames.of(net).entrySet()) {
                    if (!e.getValue().requiresGradient()) {
                        continue;
                    }
                    NDArray g = e.getValue().getArray().getGradient();
                    assertThat(g.isNaN().any().getBoolean()).as("NaN gradient in %s", e.getKey()).isFalse();
                    assertThat(g.abs().max().getFloat()).as("zero gradient in %s", e.getKey()).isGreaterThan(0f);
                    checked++;
                }
                assertThat(checked).isGreaterThan(60);
            }
        }
    }

    @Test
    void oneStepLowersTheLossAndTwentyStepsOverfitEightImages() {
        ModelConfig cfg = TinyModel.config(BackboneSpec.RESNET18_QUARTER, Ablation.FULL, 64);
        Engines.engine().setRandomSeed(7);
        try (Model model = Model.newInstance("overfit", Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
            model.setBlock(net);
            try (Trainer t = trainer(model, cfg, 3e-3f)) {
                NDManager m = t.getManager();
                NDArray x = m.randomNormal(net.inputShape(8));
                NDArray y = m.create(new float[] {0.05f, 0.9f, 0.3f, 0.6f, 0.15f, 0.75f, 0.45f, 0.2f});
                float first = step(t, x, y);
                float second = step(t, x, y);
                assertThat(second).as("one Adam step lowers the loss").isLessThan(first);
                float last = second;
                for (int i = 2; i < 20; i++) {
                    last = step(t, x, y);
                }
                assertThat(last).as("loss after 20 steps (first %s)", first).isLessThan(Math.min(2e-3f, first * 0.05f));
            }
        }
    }
}
