package org.plegdf.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plegdf.engine.BundledLibraryHider;
import org.plegdf.engine.DeviceSpec;
import org.plegdf.engine.Libtorch;
import org.plegdf.engine.LibrarySelection;
import org.plegdf.engine.LibtorchFinder;
import org.plegdf.engine.LibtorchProbe;
import org.plegdf.engine.NvidiaDriver;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Starts DJL's PyTorch engine the way plegdf needs it: offline (the native library comes from the
 * Maven jar on the class path, nothing is downloaded), or on a CUDA library the user chose
 * ({@code --libtorch}, {@code PLEGDF_LIBTORCH}, {@code PYTORCH_LIBRARY_PATH}) or let DJL download
 * once ({@code --allow-engine-download}); and on the devices the user asked for.
 *
 * <p>Device selection never assumes CPU: {@code auto} takes the first GPU when the library in use
 * is a CUDA build and a GPU is visible, CPU otherwise.
 */
public final class Engines {
    private static String libtorchChoice;
    private static boolean downloadAllowed;
    private static LibrarySelection selection;
    private static Engine started;

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
     * Records which native library the engine is to load; takes effect at the engine's start (the
     * first {@link #engine()} call), so call it before. Once the engine runs, a different choice
     * is an error: a JVM loads one PyTorch.
     *
     * @param libtorch a folder, {@code auto} or {@code bundled}; null: {@code PLEGDF_LIBTORCH} or the bundled CPU library
     * @param allowDownload let DJL download its CUDA build into its cache on this run
     */
    public static synchronized void selectLibrary(String libtorch, boolean allowDownload) {
        if (started != null && (libtorch != null || allowDownload)
                && !(java.util.Objects.equals(libtorch, libtorchChoice) && allowDownload == downloadAllowed)) {
            throw new PlegdfException(ExitCodes.ENGINE, "the PyTorch engine already runs on " + LibUtils.getLibtorchPath()
                    + "; --libtorch and --allow-engine-download apply at start-up only");
        }
        libtorchChoice = libtorch;
        downloadAllowed = allowDownload;
    }

    /**
     * @return the PyTorch engine, started offline on the selected library
     * @throws PlegdfException with {@link ExitCodes#ENGINE} when the native library cannot load
     */
    public static synchronized Engine engine() {
        configure();
        if (started != null) {
            return started;
        }
        Map<String, String> env = System.getenv();
        boolean anyChoice = libtorchChoice != null || downloadAllowed || env.containsKey(LibrarySelection.LIBTORCH_ENV)
                || env.containsKey(LibrarySelection.DOWNLOAD_ENV) || env.containsKey(LibrarySelection.DJL_LIBRARY_PATH);
        selection = anyChoice
                ? LibrarySelection.select(libtorchChoice, downloadAllowed, env, LibtorchFinder.ofThisMachine(), NvidiaDriver.detect())
                : new LibrarySelection(null, Map.of(), false, "");
        // DJL reads these once, when LibUtils loads the library: setting them now is in time.
        selection.properties().forEach(System::setProperty);
        Thread t = Thread.currentThread();
        ClassLoader context = t.getContextClassLoader();
        try {
            if (selection.download()) {
                t.setContextClassLoader(new BundledLibraryHider(context != null ? context : Engines.class.getClassLoader()));
            }
            started = Engine.getEngine("PyTorch");
            return started;
        } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
            String lib = selection.library() != null ? selection.library().describe()
                    : selection.download() ? "DJL's download of PyTorch 2.7.1+cu128" : "the pytorch-native-cpu jar";
            throw new PlegdfException(ExitCodes.ENGINE, "cannot start the PyTorch engine on " + lib + ": " + e.getMessage()
                    + " (`plegdf info` diagnoses the libraries found; README, GPU section)", e);
        } finally {
            t.setContextClassLoader(context);
        }
    }

    /** @return how the library was chosen (after {@link #engine()}); empty note for the bundled default */
    public static synchronized LibrarySelection selection() {
        engine();
        return selection;
    }

    /** @return the native library the running engine loaded */
    public static Libtorch libraryInUse() {
        engine();
        Path dir = Path.of(LibUtils.getLibtorchPath());
        Optional<Libtorch> probed = LibtorchProbe.probe(dir, "in use");
        if (probed.isPresent() && (probed.get().isCuda() || probed.get().source() != Libtorch.Source.DJL_CACHE || selection.download())) {
            return probed.get();
        }
        return new Libtorch(dir, Libtorch.Source.BUNDLED, LibUtils.getVersion(), null, "class path");
    }

    /**
     * Resolves a device list (train's data-parallel form).
     *
     * @param spec {@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N} or {@code gpu:0,gpu:1}
     * @return the devices, the main one first
     * @throws PlegdfException when a GPU is asked for and none is visible, or the value is wrong
     */
    public static List<Device> devices(String spec) {
        Engine engine = engine();
        return DeviceSpec.parse(spec, engine.getGpuCount(), libraryInUse());
    }

    /**
     * Resolves a device name.
     *
     * @param spec {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
     * @return the device
     * @throws PlegdfException when a GPU is asked for and none is visible, the name is unknown, or
     *     a list is given (only training splits work over devices)
     */
    public static Device device(String spec) {
        List<Device> devices = devices(spec);
        if (devices.size() > 1) {
            throw new PlegdfException(ExitCodes.BAD_CONFIG, "--device " + spec
                    + ": this command runs on one device; only train splits batches over a list");
        }
        return devices.get(0);
    }
}
