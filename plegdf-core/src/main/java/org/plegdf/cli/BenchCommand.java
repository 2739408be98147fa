package org.plegdf.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.model.Ablation;
import org.plegdf.model.Engines;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.InferenceNetwork;
import org.plegdf.model.NetworkBenchmark;
import org.plegdf.model.Precision;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plegdf bench}: times the network's inference and training step over a matrix of backbones,
 * input sizes and batch sizes. tools/reference/bench.py times the PyTorch reference with the same
 * options and prints the same columns (docs/benchmarks.md).
 */
@Command(name = "bench", description = {
    "Time inference and one training step of the network (median of --repeats runs after --warmup).",
    "tools/reference/bench.py times the PyTorch reference the same way; see docs/benchmarks.md."})
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", description = "A model configuration JSON; default: the architecture defaults (D 256, R 4, Np 2, H 8).")
    Path config;

    @Option(names = "--backbone", split = ",", defaultValue = "resnet18,resnet50", description = "Backbones (default: ${DEFAULT-VALUE}).")
    List<String> backbones;

    @Option(names = "--size", split = ",", defaultValue = "112,224", description = "Input sizes in pixels (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--batch", split = ",", defaultValue = "8,32", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--mode", split = ",", defaultValue = "train,infer", description = "train (forward, loss, backward, SGD update) and/or infer (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--ablation", description = "full, no-plegdf, no-fglscf, backbone-only (default: the configuration's, full).")
    String ablation;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs per row; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs before each row (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: the engine's, usually the core count). Give bench.py the same.")
    Integer threads;

    @CommandLine.Mixin DeviceOption deviceOption;

    @CommandLine.Mixin PrecisionOption precisionOption;

    @Option(names = "--phases", description = "Also print the median CPU time of each phase of a training step (forward, backward, update, free).")
    boolean phases;

    @Option(names = "--csv", description = "Also append the rows to this CSV file (same columns as bench.py --csv).")
    Path csv;

    /** The columns both benchmark programs print. */
    static final String HEADER = String.format(Locale.ROOT, "%-6s %-17s %5s %6s %-6s %10s %10s %10s %9s %8s",
            "engine", "backbone", "size", "batch", "mode", "median_ms", "min_ms", "cpu_ms", "img_per_s", "threads");

    @Override
    public Integer call() {
        if (repeats < 1 || warmup < 0) {
            throw new PlegdfException(ExitCodes.USAGE, "--repeats must be >= 1 and --warmup >= 0");
        }
        List<NetworkBenchmark.Mode> parsedModes = modes.stream().map(BenchCommand::mode).toList();
        ModelConfig base = config != null ? ModelConfig.read(config) : new ModelConfig();
        if (ablation != null) {
            try {
                base.ablation = Ablation.parse(ablation);
            } catch (IllegalArgumentException e) {
                throw new PlegdfException(ExitCodes.USAGE, e.getMessage(), e);
            }
        }
        Device d = Engines.device(deviceOption.device());
        if (threads != null) {
            JniUtils.setNumThreads(threads);
        }
        int nThreads = JniUtils.getNumThreads();
        Precision precision = precisionOption.precision();
        Engine engine = Engines.engine();
        PrintWriter out = spec.commandLine().getOut();
        String waitPolicy = System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset");
        out.printf("# plegdf: %s %s via DJL %s, %d intra-op threads, OMP_WAIT_POLICY %s, %s%n", engine.getEngineName(),
                engine.getVersion(), Engine.getDjlVersion(), nThreads, waitPolicy, d);
        if (parsedModes.contains(NetworkBenchmark.Mode.INFER)) {
            String why = precision == Precision.AUTO ? " (auto: " + Precision.reason(d) + ")" : "";
            out.printf("# infer: %s%s, BatchNorm folded into the convolutions, %s; train: fp32%n", precision.resolve(d).id(), why,
                    InferenceNetwork.defaultLayout());
        }
        out.println(HEADER);
        for (String backbone : backbones) {
            for (int size : sizes) {
                ModelConfig c = base.copy();
                c.backbone = backbone;
                c.inputSize = size;
                c.validate();
                for (int batch : batches) {
                    for (NetworkBenchmark.Mode mode : parsedModes) {
                        NetworkBenchmark.Timing t = NetworkBenchmark.measure(c, mode, batch, warmup, repeats, d, precision);
                        String row = String.format(Locale.ROOT, "%-6s %-17s %5d %6d %-6s %10.1f %10.1f %10.1f %9.1f %8d",
                                "djl", backbone, size, batch, mode.id(), t.medianMillis(), t.minMillis(), t.medianCpuMillis(),
                                t.imagesPerSecond(), nThreads);
                        out.println(row);
                        if (phases && !t.phases().isEmpty()) {
                            out.println("#   phases, median CPU ms: " + phaseText(t));
                        }
                        out.flush();
                        appendCsv(backbone, size, batch, mode, t, nThreads);
                    }
                }
            }
        }
        return 0;
    }

    private static String phaseText(NetworkBenchmark.Timing t) {
        StringBuilder sb = new StringBuilder();
        t.medianPhaseMillis().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.1f", v)));
        return sb.toString();
    }

    private static NetworkBenchmark.Mode mode(String s) {
        try {
            return NetworkBenchmark.Mode.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PlegdfException(ExitCodes.USAGE, "unknown --mode '" + s + "' (use train and/or infer)");
        }
    }

    private void appendCsv(String backbone, int size, int batch, NetworkBenchmark.Mode mode, NetworkBenchmark.Timing t, int nThreads) {
        if (csv == null) {
            return;
        }
        try {
            if (!Files.exists(csv)) {
                Files.writeString(csv, "engine,backbone,size,batch,mode,median_ms,min_ms,cpu_ms,img_per_s,threads\n", StandardCharsets.UTF_8);
            }
            Files.writeString(csv, String.format(Locale.ROOT, "djl,%s,%d,%d,%s,%.2f,%.2f,%.2f,%.2f,%d%n",
                    backbone, size, batch, mode.id(), t.medianMillis(), t.minMillis(), t.medianCpuMillis(), t.imagesPerSecond(), nThreads),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, csv + ": cannot write: " + e.getMessage(), e);
        }
    }
}
