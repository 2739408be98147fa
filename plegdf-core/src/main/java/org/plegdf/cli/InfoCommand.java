package org.plegdf.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.plegdf.engine.Libtorch;
import org.plegdf.engine.LibrarySelection;
import org.plegdf.engine.LibtorchCheck;
import org.plegdf.engine.LibtorchFinder;
import org.plegdf.engine.NvidiaDriver;
import org.plegdf.model.Engines;
import org.plegdf.util.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code plegdf info}: the engine, its native library and how it was chosen, the device, the
 * NVIDIA driver, every PyTorch library found on the machine with a one-line diagnosis, and the
 * thread counts.
 */
@Command(name = "info", description = {"Print the deep-learning engine, its native library, the device and thread counts,",
    "and every PyTorch library found on this machine with what stops it from driving a GPU."})
public final class InfoCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin DeviceOption deviceOption;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String deviceSpec = deviceOption.device();
        Engine engine = Engines.engine();
        Libtorch lib = Engines.libraryInUse();
        LibrarySelection sel = Engines.selection();
        List<Device> devices = Engines.devices(deviceSpec);
        Optional<NvidiaDriver> driver = NvidiaDriver.detect();
        out.printf("plegdf           %s%n", BuildInfo.version());
        out.printf("engine           %s %s (DJL %s)%n", engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion());
        out.printf("native library   %s%s%n", lib.describe(), sel.note().isEmpty() ? "" : " [" + sel.note() + "]");
        out.printf("device           %s (%s)%n", devices.get(0).isGpu() ? "gpu" : "cpu", devices.size() == 1 ? devices.get(0) : devices);
        out.printf("gpus visible     %d%n", engine.getGpuCount());
        out.printf("nvidia driver    %s%n", driver.map(d -> d.version() + " (" + d.source() + ")").orElse("none found"));
        driver.ifPresent(d -> d.gpus().forEach(g -> out.printf("gpu              %s%n", g)));
        out.printf("intra-op threads %d%n", JniUtils.getNumThreads());
        out.printf("inter-op threads %d%n", JniUtils.getNumInteropThreads());
        out.printf("cpu cores        %d%n", Runtime.getRuntime().availableProcessors());
        out.printf("offline          %s%n", System.getProperty("ai.djl.offline"));
        out.printf("java             %s%n", System.getProperty("java.version"));
        List<Libtorch> found = LibtorchFinder.ofThisMachine().find();
        out.printf("libraries found  %d (use one with --libtorch DIR or auto, or PLEGDF_LIBTORCH)%n", found.size());
        for (Libtorch l : found) {
            out.printf("  %s%n", LibtorchCheck.of(l, driver).line());
        }
        out.flush();
        return 0;
    }
}
