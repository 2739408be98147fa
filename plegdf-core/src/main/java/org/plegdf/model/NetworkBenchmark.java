package org.plegdf.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times the network the way tools/reference/bench.py times the PyTorch reference, so the two can be
 * read side by side: an inference pass (eval mode, no gradients) or a training step (train mode,
 * forward, {@link PlegdfLoss}, backward, SGD update through DJL's {@link Trainer}) on one random
 * batch, a few untimed warm-up runs, then the median of the timed runs.
 */
public final class NetworkBenchmark {
    /** What is timed. */
    public enum Mode {
        /** Forward pass in eval mode without gradients. */
        INFER,
        /** Forward, loss, backward and an SGD update, in train mode. */
        TRAIN;

        /** @return the name used on the command line and in tables */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One measured configuration.
     *
     * @param mode what was timed
     * @param batch images per run
     * @param millis every timed run, wall-clock milliseconds, in order
     * @param cpuMillis every timed run, CPU milliseconds of the whole process (all threads)
     * @param phases CPU milliseconds (process, all threads) of each run's phases by name, in order
     *     (training: forward with the loss, backward, update, free: releasing the step's arrays)
     */
    public record Timing(Mode mode, int batch, double[] millis, double[] cpuMillis, Map<String, double[]> phases) {
        /** @return the median run, in milliseconds */
        public double medianMillis() {
            return median(millis);
        }

        /**
         * @return the median CPU time of a run, in milliseconds: the work done, which other processes
         *     on a shared machine disturb far less than the wall-clock time
         */
        public double medianCpuMillis() {
            return median(cpuMillis);
        }

        private static double median(double[] values) {
            double[] s = values.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        /** @return the median CPU time of each phase, in milliseconds, by name */
        public Map<String, Double> medianPhaseMillis() {
            Map<String, Double> out = new LinkedHashMap<>();
            phases.forEach((k, v) -> out.put(k, median(v)));
            return out;
        }

        /** @return the fastest run, in milliseconds */
        public double minMillis() {
            return Arrays.stream(millis).min().orElse(Double.NaN);
        }

        /** @return images per second at the median */
        public double imagesPerSecond() {
            return batch * 1000.0 / medianMillis();
        }
    }

    /** Process CPU time, all threads (the native PyTorch ones included). */
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private NetworkBenchmark() {}

    /**
     * @param config the network to time (its input size and backbone)
     * @param mode inference or training step
     * @param batch images per run
     * @param warmup untimed runs first (allocator, oneDNN kernel selection)
     * @param repeats timed runs
     * @param device where to run
     * @return the timings (inference in the precision the device computes natively)
     */
    public static Timing measure(ModelConfig config, Mode mode, int batch, int warmup, int repeats, Device device) {
        return measure(config, mode, batch, warmup, repeats, device, Precision.AUTO);
    }

    /**
     * @param config the network to time (its input size and backbone)
     * @param mode inference or training step
     * @param batch images per run
     * @param warmup untimed runs first (allocator, oneDNN kernel selection)
     * @param repeats timed runs
     * @param device where to run
     * @param precision inference's number format (training always runs in float32)
     * @return the timings
     */
    public static Timing measure(ModelConfig config, Mode mode, int batch, int warmup, int repeats, Device device, Precision precision) {
        PlegdfFglscfNet net = new PlegdfFglscfNet(config);
        try (Model model = Model.newInstance("plegdf-bench", device, "PyTorch")) {
            model.setBlock(net);
            double[] times = new double[repeats];
            double[] cpu = new double[repeats];
            Map<String, double[]> phases = new LinkedHashMap<>();
            if (mode == Mode.INFER) {
                NDManager m = model.getNDManager();
                net.initialize(m, DataType.FLOAT32, net.inputShape(batch));
                net.freezeParameters(true);
                // The path predict takes: CropScorer on the prepared network, from a Java buffer of crops.
                float[] x = m.randomNormal(net.inputShape(batch)).toFloatArray();
                try (InferenceNetwork fast = InferenceNetwork.prepare(net, m, precision)) {
                    CropScorer scorer = new CropScorer(fast, m);
                    for (int i = -warmup; i < repeats; i++) {
                        long t0 = System.nanoTime();
                        long c0 = CPU.getProcessCpuTime();
                        scorer.score(x, batch);
                        record(times, cpu, i, t0, c0);
                    }
                }
            } else {
                Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-3f)).build();
                DefaultTrainingConfig tc = new DefaultTrainingConfig(new PlegdfLoss(config))
                        .optOptimizer(sgd)
                        .optDevices(new Device[] {device});
                try (Trainer trainer = model.newTrainer(tc)) {
                    trainer.initialize(net.inputShape(batch));
                    NDManager m = trainer.getManager();
                    NDArray x = m.randomNormal(net.inputShape(batch));
                    NDArray y = m.randomUniform(0, 1, new Shape(batch));
                    String[] names = {"forward", "backward", "update", "free"};
                    for (String n : names) {
                        phases.put(n, new double[repeats]);
                    }
                    long[] at = new long[names.length + 1];
                    for (int i = -warmup; i < repeats; i++) {
                        long t0 = System.nanoTime();
                        long c0 = CPU.getProcessCpuTime();
                        at[0] = c0;
                        try (NDManager step = m.newSubManager()) {
                            x.attach(step);
                            y.attach(step);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList out = trainer.forward(new NDList(x));
                                NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
                                at[1] = CPU.getProcessCpuTime();
                                gc.backward(loss);
                                at[2] = CPU.getProcessCpuTime();
                            }
                            trainer.step();
                            at[3] = CPU.getProcessCpuTime();
                            x.attach(m);
                            y.attach(m);
                        }
                        at[4] = CPU.getProcessCpuTime();
                        record(times, cpu, i, t0, c0);
                        for (int p = 0; p < names.length && i >= 0; p++) {
                            phases.get(names[p])[i] = (at[p + 1] - at[p]) / 1e6;
                        }
                    }
                }
            }
            return new Timing(mode, batch, times, cpu, phases);
        }
    }

    private static void record(double[] times, double[] cpu, int i, long t0, long c0) {
        if (i >= 0) {
            times[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (CPU.getProcessCpuTime() - c0) / 1e6;
        }
    }
}
