package org.plegdf.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import java.util.Locale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Starts DJL's PyTorch engine the way plegdf needs it: offline (the native library comes from the
 * Maven jar on the class path, nothing is downloaded) and on the device the user asked for.
 *
 * <p>Device selection never assumes CPU: {@code auto} takes the first GPU when the CUDA build of
 * PyTorch is on the class path and a GPU is visible, CPU otherwise.
 */
public final class Engines {
    private Engines() {}

    /**
     * Sets the JVM properties DJL reads at start-up. Must run before the first engine call; calling
     * it again is harmless. Values already set by the user (-D) are kept.
     */
    public static void configure() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        // The graph optimizer only concerns TorchScript models, which plegdf does not use.
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
        // Let PyTorch use the cores (intra-op) and keep inter-op parallelism small.
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * @return the PyTorch engine, started offline
     * @throws PlegdfException with {@link ExitCodes#ENGINE} when the native library cannot load
     */
    public static Engine engine() {
        configure();
        try {
            return Engine.getEngine("PyTorch");
        } catch (EngineException | IllegalArgumentException e) {
            throw new PlegdfException(
                    ExitCodes.ENGINE,
                    "cannot start the PyTorch engine: "
                            + e.getMessage()
                            + " (is the native library jar on the class path? see README, GPU section)",
                    e);
        }
    }

    /**
     * Resolves a device name.
     *
     * @param spec {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
     * @return the device
     * @throws PlegdfException when a GPU is asked for and none is visible, or the name is unknown
     */
    public static Device device(String spec) {
        Engine engine = engine();
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        int gpus = engine.getGpuCount();
        if (s.equals("auto")) {
            return gpus > 0 ? Device.gpu() : Device.cpu();
        }
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu") || s.startsWith("gpu:")) {
            int id = s.equals("gpu") ? 0 : parseGpuId(s);
            if (id >= gpus) {
                throw new PlegdfException(
                        ExitCodes.ENGINE,
                        "device '"
                                + spec
                                + "' requested but "
                                + gpus
                                + " GPU(s) are visible to PyTorch (build with -Pcuda, see README)");
            }
            return Device.gpu(id);
        }
        throw new PlegdfException(
                ExitCodes.BAD_CONFIG, "unknown device '" + spec + "' (use auto, cpu, gpu or gpu:N)");
    }

    private static int parseGpuId(String s) {
        try {
            return Integer.parseInt(s.substring(4));
        } catch (NumberFormatException e) {
            throw new PlegdfException(ExitCodes.BAD_CONFIG, "unknown device '" + s + "' (use gpu:N)");
        }
    }
}
