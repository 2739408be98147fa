package org.plegdf.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Which PyTorch native library DJL is to load, and the properties that make it do so. DJL's
 * {@code LibUtils} reads {@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_VERSION} and
 * {@code PYTORCH_FLAVOR} from the environment first and from JVM system properties second, once,
 * when the engine starts; so setting the properties inside the JVM before the first engine call is
 * enough, unless the environment already names another library.
 *
 * @param library the library chosen, or null for the bundled CPU library of the class path
 * @param properties JVM system properties to set before the engine starts
 * @param download whether DJL may download its CUDA build into its cache on this run
 * @param note why this library (or why not a found one), for {@code plegdf info}; may be empty
 */
public record LibrarySelection(Libtorch library, Map<String, String> properties, boolean download, String note) {
    /** Environment variable with the same meaning as {@code --libtorch}. */
    public static final String LIBTORCH_ENV = "PLEGDF_LIBTORCH";
    /** Environment variable with the same meaning as {@code --allow-engine-download} (1 or true). */
    public static final String DOWNLOAD_ENV = "PLEGDF_ALLOW_ENGINE_DOWNLOAD";
    /** DJL's own variable naming the library folder. */
    public static final String DJL_LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";

    /**
     * @param libtorch {@code --libtorch}: a folder, {@code auto} (the best usable GPU library
     *     found) or {@code bundled}; null to fall back to {@link #LIBTORCH_ENV}
     * @param allowDownload {@code --allow-engine-download}; also on when {@link #DOWNLOAD_ENV} is 1
     * @param env the process environment
     * @param finder where to look for {@code auto}
     * @param driver this machine's NVIDIA driver
     * @return the selection
     * @throws PlegdfException ENGINE naming the library and its problem when the named one cannot work
     */
    public static LibrarySelection select(String libtorch, boolean allowDownload, Map<String, String> env, LibtorchFinder finder,
            Optional<NvidiaDriver> driver) {
        String choice = libtorch != null ? libtorch : env.get(LIBTORCH_ENV);
        String origin = libtorch != null ? "--libtorch" : LIBTORCH_ENV;
        boolean download = allowDownload || isTrue(env.get(DOWNLOAD_ENV));
        String envPath = env.get(DJL_LIBRARY_PATH);
        if (envPath != null && !envPath.isBlank()) {
            return fromEnvironment(envPath, choice, origin, env, driver);
        }
        if (choice == null || choice.isBlank() || choice.equalsIgnoreCase("bundled")) {
            return download ? forDownload(env, driver) : new LibrarySelection(null, Map.of(), false, "");
        }
        if (choice.equalsIgnoreCase("auto")) {
            return auto(finder, driver, download, env);
        }
        Path dir = Path.of(choice);
        Libtorch lib = LibtorchProbe.probe(dir, origin).orElseThrow(() -> new PlegdfException(ExitCodes.ENGINE,
                origin + " " + choice + ": no " + LibtorchProbe.LIBTORCH + " in " + dir + " or " + dir.resolve("lib")
                        + " (give a libtorch folder, its lib/, or a pip install's torch/lib)"));
        LibtorchCheck check = LibtorchCheck.of(lib, driver);
        if (!check.usable()) {
            throw new PlegdfException(ExitCodes.ENGINE, origin + " " + lib.libDir() + ": " + String.join("; ", check.problems()));
        }
        return chosen(lib, origin);
    }

    private static LibrarySelection fromEnvironment(String envPath, String choice, String origin, Map<String, String> env,
            Optional<NvidiaDriver> driver) {
        Path first = Path.of(envPath.split(java.io.File.pathSeparator)[0]);
        Libtorch lib = LibtorchProbe.probe(first, DJL_LIBRARY_PATH).orElseThrow(() -> new PlegdfException(ExitCodes.ENGINE,
                DJL_LIBRARY_PATH + "=" + envPath + ": no " + LibtorchProbe.LIBTORCH + " there (unset it to use the bundled CPU library)"));
        if (choice != null && !choice.isBlank()) {
            Optional<Libtorch> named = choice.equalsIgnoreCase("auto") || choice.equalsIgnoreCase("bundled")
                    ? Optional.empty() : LibtorchProbe.probe(Path.of(choice), origin);
            if (named.isEmpty() || !named.get().libDir().equals(lib.libDir())) {
                throw new PlegdfException(ExitCodes.ENGINE, DJL_LIBRARY_PATH + "=" + envPath + " in the environment wins over " + origin
                        + " " + choice + " (DJL reads the environment first); unset one of them");
            }
        }
        LibtorchCheck check = LibtorchCheck.of(lib, driver);
        if (!check.usable()) {
            throw new PlegdfException(ExitCodes.ENGINE, DJL_LIBRARY_PATH + " " + lib.libDir() + ": " + String.join("; ", check.problems()));
        }
        // DJL guesses the flavour wrongly for such folders (cu128-precxx11, cpu-precxx11: no JNI bridge of that name)
        Map<String, String> props = new LinkedHashMap<>();
        if (env.get("PYTORCH_FLAVOR") == null) {
            props.put("PYTORCH_FLAVOR", lib.flavor());
        }
        if (env.get("PYTORCH_VERSION") == null) {
            props.put("PYTORCH_VERSION", Libtorch.REQUIRED_VERSION);
        }
        return new LibrarySelection(lib, Map.copyOf(props), false, "named by " + DJL_LIBRARY_PATH + " in the environment");
    }

    private static LibrarySelection auto(LibtorchFinder finder, Optional<NvidiaDriver> driver, boolean download, Map<String, String> env) {
        List<LibtorchCheck> checks = finder.find().stream().map(l -> LibtorchCheck.of(l, driver)).toList();
        for (LibtorchCheck c : checks) {
            if (c.usableOnGpu()) {
                return chosen(c.library(), "auto");
            }
        }
        if (download) {
            return forDownload(env, driver);
        }
        String why = checks.isEmpty() ? "no CUDA PyTorch library found on this machine"
                : "no usable CUDA library among " + checks.size() + " found (see `plegdf info`)";
        return new LibrarySelection(null, Map.of(), false, "--libtorch auto: " + why + "; using the bundled CPU library");
    }

    private static LibrarySelection chosen(Libtorch lib, String origin) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(DJL_LIBRARY_PATH, lib.libDir().toString());
        props.put("PYTORCH_VERSION", Libtorch.REQUIRED_VERSION);
        props.put("PYTORCH_FLAVOR", lib.flavor());
        return new LibrarySelection(lib, Map.copyOf(props), false, "chosen by " + origin + (origin.equals(lib.origin()) ? "" : " (" + lib.origin() + ")"));
    }

    private static LibrarySelection forDownload(Map<String, String> env, Optional<NvidiaDriver> driver) {
        if (driver.isEmpty()) {
            throw new PlegdfException(ExitCodes.ENGINE, "--allow-engine-download fetches DJL's CUDA 12.8 build of PyTorch, but this machine has"
                    + " no NVIDIA driver (no " + NvidiaDriver.PROC_VERSION + ", no nvidia-smi); the bundled CPU library needs no download");
        }
        if (isTrue(env.get("DJL_OFFLINE"))) {
            throw new PlegdfException(ExitCodes.ENGINE, "--allow-engine-download, but DJL_OFFLINE=" + env.get("DJL_OFFLINE")
                    + " in the environment forbids DJL any download; unset it for this run");
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("ai.djl.offline", "false");
        props.put("PYTORCH_FLAVOR", Libtorch.REQUIRED_CUDA_FLAVOR);
        return new LibrarySelection(null, Map.copyOf(props), true,
                "--allow-engine-download: DJL fetches PyTorch " + Libtorch.REQUIRED_VERSION + "+cu128 from publish.djl.ai into its cache once"
                        + " (the native library only; no data leaves the machine); later runs: --libtorch auto");
    }

    private static boolean isTrue(String v) {
        return v != null && (v.equals("1") || v.toLowerCase(Locale.ROOT).equals("true") || v.toLowerCase(Locale.ROOT).equals("yes"));
    }
}
