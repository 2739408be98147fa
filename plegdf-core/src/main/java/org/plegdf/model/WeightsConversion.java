package org.plegdf.model;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.plegdf.model.interop.RawTensor;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * {@code plegdf convert}: a weights file's state_dict rewritten as safetensors with every tensor's
 * own dtype, bit for bit; its listing; and how long reading it takes.
 */
public final class WeightsConversion {
    private WeightsConversion() {}

    /**
     * Writes the state_dict of {@code in} to {@code out} as safetensors, atomically.
     *
     * @param in any weights file ({@link WeightsFile})
     * @param out the .safetensors file to write
     * @param force whether an existing {@code out} may be replaced
     * @return what was read
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) for an unreadable input, ({@link
     *     ExitCodes#OUTPUT_NOT_WRITABLE}) when {@code out} exists (without force), is the input, or cannot be written
     */
    public static WeightsFile.Contents convert(Path in, Path out, boolean force) {
        if (Files.exists(out) && (!force || isSameFile(in, out))) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": already exists"
                    + (isSameFile(in, out) ? " and is the input" : " (--force replaces it)"));
        }
        WeightsFile.Contents c = WeightsFile.readRaw(in);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("source", String.valueOf(in.getFileName()));
        meta.put("converted_by", "plegdf convert");
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Safetensors.writeRaw(out, c.tensors(), meta);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": cannot write: " + e.getMessage(), e);
        }
        return c;
    }

    /**
     * @param c a state_dict read
     * @return one line per tensor (name, dtype, shape), aligned, then a total
     */
    public static List<String> listing(WeightsFile.Contents c) {
        int width = c.tensors().keySet().stream().mapToInt(String::length).max().orElse(4);
        List<String> lines = new ArrayList<>();
        long elements = 0;
        long bytes = 0;
        for (Map.Entry<String, RawTensor> e : c.tensors().entrySet()) {
            RawTensor t = e.getValue();
            lines.add(String.format(Locale.ROOT, "%-" + width + "s  %-4s  %s", e.getKey(), t.dtype(), Arrays.toString(t.shape())));
            elements += t.count();
            bytes += t.data().length;
        }
        lines.add(String.format(Locale.ROOT, "%d tensors, %,d values, %.1f MB", c.tensors().size(), elements, bytes / 1e6));
        return lines;
    }

    /**
     * Seconds that reads took.
     *
     * @param wall wall-clock seconds per read, in order
     * @param cpu CPU seconds of the reading thread per read (steadier than wall time on a shared machine)
     */
    public record Timing(double[] wall, double[] cpu) {}

    /**
     * Reads a file {@code repeats} times into float32 tensors, as a weights load does (after one
     * untimed read that warms the JIT and the page cache).
     *
     * @param in a weights file
     * @param repeats timed reads
     * @return the times
     */
    public static Timing time(Path in, int repeats) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        WeightsFile.read(in);
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            System.gc(); // a collection of the previous read's arrays should not land in this one
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            WeightsFile.read(in);
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        return new Timing(wall, cpu);
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
