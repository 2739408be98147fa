package org.plegdf.train;

import org.plegdf.testkit.TinyModel;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.plegdf.model.Ablation;
import org.plegdf.model.Engines;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.PlegdfLoss;

/**
 * The data-parallel step on CPU: several shares of a batch on one CPU, each with its own replica of
 * the parameters (the path a second GPU takes), against the whole batch at once.
 */
class DataParallelStepTest {
    private static final int SIZE = 4;

    @Test
    void splitBatchesGiveTheOneDeviceStepWithoutBatchNorm() {
        Engines.engine();
        List<float[]> one = train(this::mlp, Loss.l2Loss(), 1, 4);
        for (int shares : new int[] {2, 3}) {
            List<float[]> split = train(this::mlp, Loss.l2Loss(), shares, 4);
            for (int p = 0; p < one.size(); p++) {
                assertThat(maxRelDiff(one.get(p), split.get(p))).as("parameter %d, %d shares", p, shares).isLessThan(1e-5);
            }
        }
    }

    @Test
    void thePaperNetworkTrainsOverSharesAndStaysCloseToOneDevice() {
        Engines.engine();
        ModelConfig cfg = TinyModel.config(Ablation.FULL);
        Supplier<Block> net = () -> new PlegdfFglscfNet(cfg);
        List<float[]> one = trainNet(net, new PlegdfLoss(cfg), 1, cfg);
        List<float[]> split = trainNet(net, new PlegdfLoss(cfg), 2, cfg);
        assertThat(one).hasSameSizeAs(split);
        double worst = 0;
        for (int p = 0; p < one.size(); p++) {
            for (float v : split.get(p)) {
                assertThat(v).isFinite();
            }
            worst = Math.max(worst, maxRelDiff(one.get(p), split.get(p)));
        }
        // BatchNorm normalises 4-frame shares instead of the 8-frame batch: close (2.0e-4 measured), not equal
        System.out.printf("paper network, 2 shares vs 1 after 2 steps: max relative parameter difference %.3g%n", worst);
        assertThat(worst).isGreaterThan(0).isLessThan(1e-2);
    }

    private Block mlp() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build())
                .add(Activation::tanh)
                .add(Linear.builder().setUnits(1).build());
    }

    private List<float[]> train(Supplier<Block> block, Loss loss, int shares, int steps) {
        return run(block, loss, shares, steps, 7, new Shape(7, 3, SIZE, SIZE), SIZE, 0.05f);
    }

    private List<float[]> trainNet(Supplier<Block> block, Loss loss, int shares, ModelConfig cfg) {
        return run(block, loss, shares, 2, 8, new PlegdfFglscfNet(cfg).inputShape(8), cfg.inputSize, 0.001f);
    }

    /** Trains a fresh block with fixed initial weights on fixed batches; returns its parameters. */
    private static List<float[]> run(Supplier<Block> blockMaker, Loss loss, int shares, int steps, int n, Shape shape, int size, float lr) {
        Engines.engine().setRandomSeed(11);
        Block block = blockMaker.get();
        try (Model model = Model.newInstance("dp-test", Device.cpu())) {
            model.setBlock(block);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(shape);
                fixWeights(block);
                DataParallelStep step = new DataParallelStep(trainer, block, Collections.nCopies(shares, Device.cpu()), shares > 1);
                Random rng = new Random(5);
                for (int s = 0; s < steps; s++) {
                    float[] images = new float[n * 3 * size * size];
                    float[] targets = new float[n];
                    for (int i = 0; i < images.length; i++) {
                        images[i] = (float) rng.nextGaussian();
                    }
                    for (int i = 0; i < n; i++) {
                        targets[i] = (float) (10 * rng.nextDouble());
                    }
                    float l = step.step(new BatchPipeline.Batch(images, targets, Collections.nCopies(n, (FrameSample) null)), size);
                    assertThat(l).isFinite();
                }
                List<float[]> out = new ArrayList<>();
                for (Pair<String, Parameter> p : block.getParameters()) {
                    // BatchNorm's running statistics (no gradient) come from the first share only
                    if (p.getValue().requiresGradient()) {
                        out.add(p.getValue().getArray().toFloatArray());
                    }
                }
                return out;
            }
        }
    }

    /** Same starting weights in every run, whatever the initializer's random state. */
    private static void fixWeights(Block block) {
        Random rng = new Random(3);
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (!p.getValue().requiresGradient()) {
                continue;
            }
            float[] w = new float[(int) a.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (rng.nextGaussian() * 0.1);
            }
            a.set(FloatBuffer.wrap(w));
        }
    }

    private static double maxRelDiff(float[] a, float[] b) {
        double scale = 1e-6;
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d / scale;
    }
}
