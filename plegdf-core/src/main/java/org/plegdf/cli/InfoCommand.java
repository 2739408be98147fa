package org.plegdf.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.Callable;
import org.plegdf.model.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plegdf info}: the engine, its version, the device and the thread counts. */
@Command(name = "info", description = "Print the deep-learning engine, its version, the device and thread counts.")
public final class InfoCommand implements Callable<Integer> {

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        Engine engine = Engines.engine();
        Device d = Engines.device(device);
        System.out.printf("plegdf           %s%n", VersionProvider.version());
        System.out.printf("engine           %s %s (DJL %s)%n", engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion());
        System.out.printf("device           %s (%s)%n", d.isGpu() ? "gpu" : "cpu", d);
        System.out.printf("gpus visible     %d%n", engine.getGpuCount());
        System.out.printf("intra-op threads %d%n", JniUtils.getNumThreads());
        System.out.printf("inter-op threads %d%n", JniUtils.getNumInteropThreads());
        System.out.printf("cpu cores        %d%n", Runtime.getRuntime().availableProcessors());
        System.out.printf("offline          %s%n", System.getProperty("ai.djl.offline"));
        System.out.printf("java             %s%n", System.getProperty("java.version"));
        String lib = System.getenv("PYTORCH_LIBRARY_PATH");
        System.out.printf("native library   %s%n", lib == null ? "pytorch-native-cpu jar (Maven Central)" : lib + " (PYTORCH_LIBRARY_PATH, flavor " + System.getenv("PYTORCH_FLAVOR") + ")");
        return 0;
    }
}
