package org.plegdf.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.plegdf.model.Engines;
import org.plegdf.util.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code plegdf info}: the engine, its version, the device and the thread counts. */
@Command(name = "info", description = "Print the deep-learning engine, its version, the device and thread counts.")
public final class InfoCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        Engine engine = Engines.engine();
        Device d = Engines.device(device);
        out().printf("plegdf           %s%n", BuildInfo.version());
        out().printf("engine           %s %s (DJL %s)%n", engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion());
        out().printf("device           %s (%s)%n", d.isGpu() ? "gpu" : "cpu", d);
        out().printf("gpus visible     %d%n", engine.getGpuCount());
        out().printf("intra-op threads %d%n", JniUtils.getNumThreads());
        out().printf("inter-op threads %d%n", JniUtils.getNumInteropThreads());
        out().printf("cpu cores        %d%n", Runtime.getRuntime().availableProcessors());
        out().printf("offline          %s%n", System.getProperty("ai.djl.offline"));
        out().printf("java             %s%n", System.getProperty("java.version"));
        String lib = System.getenv("PYTORCH_LIBRARY_PATH");
        out().printf("native library   %s%n", lib == null ? "pytorch-native-cpu jar (Maven Central)" : lib + " (PYTORCH_LIBRARY_PATH, flavor " + System.getenv("PYTORCH_FLAVOR") + ")");
        return 0;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
