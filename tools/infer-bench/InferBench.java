import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.plegdf.model.CropScorer;
import org.plegdf.model.Engines;
import org.plegdf.model.InferenceNetwork;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.Precision;

/**
 * The inference variants of issue 15 timed alternately in one JVM, so that a shared machine's load
 * falls on all of them alike: the network as it trains (BatchNorm unfolded, float32), BatchNorm
 * folded in float32 and in bfloat16, each NCHW and channels-last. One round runs every variant
 * once, in order; the median over rounds is printed, with the CPU time of the process.
 * Usage (after mvn package; docs/benchmarks.md):
 * java -cp "plegdf-core/target/plegdf.jar:plegdf-core/target/lib/*" tools/infer-bench/InferBench.java BACKBONE SIZE BATCH ROUNDS [THREADS]
 */
public class InferBench {
    public static void main(String[] args) {
        ModelConfig c = new ModelConfig();
        c.backbone = args[0];
        c.inputSize = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Engines.engine();
        if (args.length > 4) {
            JniUtils.setNumThreads(Integer.parseInt(args[4]));
        }
        var cpu = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(c.validate());
            net.initialize(m, DataType.FLOAT32, net.inputShape(batch));
            net.freezeParameters(true);
            Map<String, CropScorer> variants = new LinkedHashMap<>();
            variants.put("fp32, BatchNorm unfolded (as trained)", new CropScorer(net, m));
            for (Precision p : new Precision[] {Precision.FP32, Precision.BF16}) {
                for (boolean cl : new boolean[] {false, true}) {
                    variants.put(p.id() + ", folded" + (cl ? ", channels-last" : ""), new CropScorer(InferenceNetwork.prepare(net, m, p, cl), m));
                }
            }
            float[] x = new float[batch * 3 * c.inputSize * c.inputSize];
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 4 - 2);
            }
            Map<String, List<double[]>> times = new LinkedHashMap<>();
            for (String k : variants.keySet()) {
                times.put(k, new ArrayList<>());
            }
            for (int round = -1; round < rounds; round++) {
                for (Map.Entry<String, CropScorer> v : variants.entrySet()) {
                    long t0 = System.nanoTime();
                    long c0 = cpu.getProcessCpuTime();
                    v.getValue().score(x, batch);
                    if (round >= 0) {
                        times.get(v.getKey()).add(new double[] {(System.nanoTime() - t0) / 1e6, (cpu.getProcessCpuTime() - c0) / 1e6});
                    }
                }
            }
            System.out.printf(Locale.ROOT, "# %s %d px batch %d, %d intra-op threads, %d rounds, load average %.2f%n", c.backbone, c.inputSize, batch,
                    JniUtils.getNumThreads(), rounds, cpu.getSystemLoadAverage());
            double base = Double.NaN;
            for (Map.Entry<String, List<double[]>> e : times.entrySet()) {
                double wall = median(e.getValue(), 0);
                double cpuMs = median(e.getValue(), 1);
                if (Double.isNaN(base)) {
                    base = cpuMs;
                }
                System.out.printf(Locale.ROOT, "%-40s median %8.1f ms  cpu %8.1f ms  %7.1f img/s  cpu-time speed-up %.2fx%n", e.getKey(), wall, cpuMs,
                        batch * 1000 / wall, base / cpuMs);
            }
        }
    }

    private static double median(List<double[]> v, int k) {
        double[] a = v.stream().mapToDouble(t -> t[k]).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
