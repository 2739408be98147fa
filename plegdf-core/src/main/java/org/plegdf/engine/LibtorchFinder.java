package org.plegdf.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Looks for PyTorch native libraries on this machine by reading folders only (no interpreter is
 * run, nothing is loaded): the {@code torch/lib} of pip installs beside every {@code python3} on
 * PATH and in the usual virtualenv, conda and pyenv places; unpacked libtorch folders; and CUDA
 * libraries DJL downloaded into its cache on an earlier opted-in run.
 */
public final class LibtorchFinder {
    private static final Pattern PYTHON = Pattern.compile("python3(\\.\\d+)?");
    private static final Pattern PY_LIB = Pattern.compile("python3(\\.\\d+)?");

    private final String pathVariable;
    private final Path home;
    private final Path workDir;
    private final Path djlCache;
    private final List<Path> systemPrefixes;

    /**
     * @param pathVariable the PATH to look along for python3 interpreters
     * @param home the user's home folder (virtualenvs, conda, pyenv, ~/libtorch)
     * @param workDir the working folder (./.venv, ./libtorch)
     * @param djlCache DJL's engine cache ({@code ~/.djl.ai}); null to skip it
     * @param systemPrefixes install prefixes outside home ({@code /usr}, {@code /opt/conda}, ...)
     */
    public LibtorchFinder(String pathVariable, Path home, Path workDir, Path djlCache, List<Path> systemPrefixes) {
        this.pathVariable = pathVariable == null ? "" : pathVariable;
        this.home = home;
        this.workDir = workDir;
        this.djlCache = djlCache;
        this.systemPrefixes = List.copyOf(systemPrefixes);
    }

    /** @return a finder over this machine's PATH, home, working folder, DJL cache and system prefixes */
    public static LibtorchFinder ofThisMachine() {
        String cache = System.getenv("ENGINE_CACHE_DIR") != null ? System.getenv("ENGINE_CACHE_DIR")
                : System.getenv("DJL_CACHE_DIR") != null ? System.getenv("DJL_CACHE_DIR")
                : Path.of(System.getProperty("user.home"), ".djl.ai").toString();
        return new LibtorchFinder(System.getenv("PATH"), Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath(),
                Path.of(cache), List.of(Path.of("/usr"), Path.of("/usr/local"), Path.of("/opt/conda"), Path.of("/opt")));
    }

    /**
     * @return every library found, each once (by real path), pip installs first
     */
    public List<Libtorch> find() {
        Map<Path, Libtorch> found = new LinkedHashMap<>();
        for (Map.Entry<Path, String> prefix : pythonPrefixes().entrySet()) {
            for (Path site : siteDirs(prefix.getKey())) {
                add(found, site.resolve("torch").resolve("lib"), prefix.getValue());
            }
        }
        List<Path> unpacked = new ArrayList<>(List.of(home.resolve("libtorch"), workDir.resolve("libtorch")));
        systemPrefixes.forEach(p -> unpacked.add(p.resolve("libtorch")));
        unpacked.forEach(d -> add(found, d, "a usual libtorch place"));
        if (djlCache != null) {
            for (Path d : children(djlCache.resolve("pytorch"))) {
                // the CPU library DJL extracts from the bundled jar is not a choice to offer
                if (!d.getFileName().toString().contains("-cpu")) {
                    add(found, d, "DJL's cache");
                }
            }
        }
        return List.copyOf(found.values());
    }

    private static void add(Map<Path, Libtorch> found, Path dir, String origin) {
        if (!Files.isRegularFile(dir.resolve(LibtorchProbe.LIBTORCH)) && !Files.isRegularFile(dir.resolve("lib").resolve(LibtorchProbe.LIBTORCH))) {
            return;
        }
        LibtorchProbe.probe(dir, origin).ifPresent(lib -> found.putIfAbsent(real(lib.libDir()), lib));
    }

    /** Install prefixes with where each came from: python3 interpreters on PATH, then the usual places. */
    private Map<Path, String> pythonPrefixes() {
        Map<Path, String> prefixes = new LinkedHashMap<>();
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (Path exe : children(Path.of(dir))) {
                if (PYTHON.matcher(exe.getFileName().toString()).matches() && Files.isExecutable(exe)) {
                    Path bin = exe.toAbsolutePath().getParent();
                    if (bin.getParent() != null) {
                        prefixes.putIfAbsent(bin.getParent(), exe + " on PATH");
                    }
                    Path realBin = real(exe).getParent();
                    if (realBin != null && realBin.getParent() != null) {
                        prefixes.putIfAbsent(realBin.getParent(), exe + " on PATH");
                    }
                }
            }
        }
        Set<Path> usual = new LinkedHashSet<>();
        usual.add(workDir.resolve(".venv"));
        usual.add(workDir.resolve("venv"));
        for (String name : List.of(".venv", "venv", ".local")) {
            usual.add(home.resolve(name));
        }
        usual.addAll(children(home.resolve(".virtualenvs")));
        usual.addAll(children(home.resolve(".pyenv").resolve("versions")));
        List<Path> condas = new ArrayList<>();
        for (String name : List.of("miniconda3", "anaconda3", "miniforge3", "mambaforge")) {
            condas.add(home.resolve(name));
        }
        condas.addAll(systemPrefixes);
        for (Path conda : condas) {
            usual.add(conda);
            usual.addAll(children(conda.resolve("envs")));
        }
        usual.forEach(p -> prefixes.putIfAbsent(p, "a usual Python place"));
        return prefixes;
    }

    /** site-packages and dist-packages folders under a prefix (virtualenv, conda, Debian layouts). */
    private static List<Path> siteDirs(Path prefix) {
        List<Path> sites = new ArrayList<>();
        for (Path lib : List.of(prefix.resolve("lib"), prefix.resolve("lib64"), prefix.resolve("local").resolve("lib"))) {
            for (Path py : children(lib)) {
                if (PY_LIB.matcher(py.getFileName().toString()).matches()) {
                    sites.add(py.resolve("site-packages"));
                    sites.add(py.resolve("dist-packages"));
                }
            }
        }
        return sites;
    }

    private static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (IOException | SecurityException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
