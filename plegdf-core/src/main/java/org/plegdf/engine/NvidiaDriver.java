package org.plegdf.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NVIDIA kernel driver of this machine, read from {@code /proc/driver/nvidia/version} or,
 * failing that, {@code nvidia-smi}; with the GPU names when nvidia-smi is there.
 *
 * @param version the driver version ({@code 550.54.14})
 * @param source where it was read
 * @param gpus the GPU names nvidia-smi lists (empty when it is absent)
 */
public record NvidiaDriver(String version, String source, List<String> gpus) {
    /** The kernel module's version file. */
    public static final Path PROC_VERSION = Path.of("/proc/driver/nvidia/version");
    private static final Pattern PROC = Pattern.compile("Kernel Module(?:\\s+for\\s+\\S+)?\\s+(\\d+\\.\\d+(?:\\.\\d+)?)");

    /**
     * @return the driver of this machine, if any
     */
    public static Optional<NvidiaDriver> detect() {
        List<String> smi = nvidiaSmi();
        List<String> gpus = new ArrayList<>();
        String smiVersion = null;
        for (String line : smi) {
            String[] parts = line.split(",", 2);
            if (parts.length == 2) {
                smiVersion = parts[0].trim();
                gpus.add(parts[1].trim());
            }
        }
        Optional<NvidiaDriver> proc = fromProc(PROC_VERSION);
        if (proc.isPresent()) {
            return Optional.of(new NvidiaDriver(proc.get().version(), proc.get().source(), List.copyOf(gpus)));
        }
        return smiVersion == null ? Optional.empty() : Optional.of(new NvidiaDriver(smiVersion, "nvidia-smi", List.copyOf(gpus)));
    }

    /**
     * @param file a copy of {@code /proc/driver/nvidia/version}
     * @return the driver it names, if the file is there and readable
     */
    public static Optional<NvidiaDriver> fromProc(Path file) {
        try {
            Matcher m = PROC.matcher(Files.readString(file, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(new NvidiaDriver(m.group(1), file.toString(), List.of())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The oldest driver that runs a CUDA build (CUDA's minor-version compatibility: any 12.x
     * build runs on 525.60.13 or newer, any 11.x on 450.80.02).
     *
     * @param cuda a CUDA version such as {@code 12.8}
     * @return the minimum driver version, or null when not known
     */
    public static String minimumFor(String cuda) {
        if (cuda == null) {
            return null;
        }
        if (cuda.startsWith("12.")) {
            return "525.60.13";
        }
        if (cuda.startsWith("11.")) {
            return "450.80.02";
        }
        return null;
    }

    /**
     * @param other a driver version
     * @return whether this driver is at least {@code other}
     */
    public boolean atLeast(String other) {
        String[] a = version.split("\\.");
        String[] b = other.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? parse(a[i]) : 0;
            int y = i < b.length ? parse(b[i]) : 0;
            if (x != y) {
                return x > y;
            }
        }
        return true;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> nvidiaSmi() {
        Path smi = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "nvidia-smi");
            if (Files.isExecutable(p)) {
                smi = p;
                break;
            }
        }
        if (smi == null) {
            return List.of();
        }
        try {
            Process p = new ProcessBuilder(smi.toString(), "--query-gpu=driver_version,name", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? out.lines().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
