package org.plegdf.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a folder holds without loading anything: a pip {@code torch} package (its
 * {@code version.py}), an unpacked libtorch (its {@code build-version} file), a DJL cache folder
 * (its name), or a bare lib folder (the names of its libraries).
 */
public final class LibtorchProbe {
    /** The PyTorch core library that every layout has. */
    public static final String LIBTORCH = "libtorch.so";
    private static final Pattern PY_VERSION = Pattern.compile("(?m)^__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern PY_CUDA = Pattern.compile("(?m)^cuda\\s*(?::[^=\\n]*)?=\\s*(None|['\"]([^'\"]*)['\"])");
    private static final Pattern BUILD_VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)[^+\\s]*(?:\\+(\\S+))?");
    private static final Pattern DJL_CACHE_DIR = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:-\\d+)?-(cpu|cu\\d+)(?:-precxx11)?-linux-.*");

    private LibtorchProbe() {}

    /**
     * Looks at a folder a user named: a libtorch root, its {@code lib/}, a pip {@code torch}
     * folder, its {@code torch/lib}, or a DJL cache folder.
     *
     * @param given the folder
     * @param origin who named it, for messages
     * @return the library, or empty when no {@code libtorch.so} is there
     */
    public static Optional<Libtorch> probe(Path given, String origin) {
        Path dir = given.toAbsolutePath().normalize();
        for (Path lib : new Path[] {dir, dir.resolve("lib")}) {
            if (!Files.isRegularFile(lib.resolve(LIBTORCH))) {
                continue;
            }
            Path pkg = lib.getParent();
            if (pkg != null && Files.isRegularFile(pkg.resolve("version.py"))) {
                return Optional.of(pip(lib, pkg.resolve("version.py"), origin));
            }
            if (pkg != null && Files.isRegularFile(pkg.resolve("build-version"))) {
                return Optional.of(unpacked(lib, pkg.resolve("build-version"), origin));
            }
            Matcher m = DJL_CACHE_DIR.matcher(lib.getFileName().toString());
            if (m.matches()) {
                return Optional.of(new Libtorch(lib, Libtorch.Source.DJL_CACHE, m.group(1), cudaOf(m.group(2)), origin));
            }
            // a bare lib folder: the CUDA part tells the flavour, nothing tells the exact CUDA version
            return Optional.of(new Libtorch(lib, Libtorch.Source.UNPACKED, null,
                    Files.exists(lib.resolve("libtorch_cuda.so")) ? "unknown" : null, origin));
        }
        return Optional.empty();
    }

    private static Libtorch pip(Path lib, Path versionPy, String origin) {
        String text = read(versionPy);
        Matcher v = PY_VERSION.matcher(text);
        Matcher c = PY_CUDA.matcher(text);
        String cuda = c.find() && c.group(2) != null && !c.group(2).isBlank() ? c.group(2) : null;
        return new Libtorch(lib, Libtorch.Source.PIP, v.find() ? base(v.group(1)) : null, cuda, origin);
    }

    private static Libtorch unpacked(Path lib, Path buildVersion, String origin) {
        Matcher m = BUILD_VERSION.matcher(read(buildVersion).trim());
        if (!m.lookingAt()) {
            return new Libtorch(lib, Libtorch.Source.UNPACKED, null,
                    Files.exists(lib.resolve("libtorch_cuda.so")) ? "unknown" : null, origin);
        }
        String local = m.group(2);
        String cuda = local != null && local.startsWith("cu") ? cudaOf(local) : null;
        if (local == null && Files.exists(lib.resolve("libtorch_cuda.so"))) {
            cuda = "unknown";
        }
        return new Libtorch(lib, Libtorch.Source.UNPACKED, m.group(1), cuda, origin);
    }

    /** "cu128" to "12.8", "cu118" to "11.8", "cpu" to null. */
    static String cudaOf(String flavor) {
        if (!flavor.startsWith("cu") || flavor.length() < 4) {
            return null;
        }
        String digits = flavor.substring(2).replaceAll("\\D.*", "");
        return digits.length() < 2 ? "unknown" : digits.substring(0, digits.length() - 1) + "." + digits.substring(digits.length() - 1);
    }

    /** "2.7.1+cu128" to "2.7.1" (the local part is the flavour, read separately). */
    private static String base(String version) {
        int plus = version.indexOf('+');
        return plus < 0 ? version : version.substring(0, plus);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
