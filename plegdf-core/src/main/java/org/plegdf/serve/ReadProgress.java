package org.plegdf.serve;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * How far a running prediction has read its input, seen from outside: the estimator's public API
 * has no progress callback, but Linux shows every open file of this process in {@code /proc/self/fd}
 * with its read position in {@code /proc/self/fdinfo}. A video's position over its size, or the
 * number of the frame file now open over the frame count, is the fraction done. Elsewhere (no
 * /proc) nothing is known and the status shows the stage only.
 */
final class ReadProgress {
    private static final Path FD = Path.of("/proc/self/fd");
    private static final Path FDINFO = Path.of("/proc/self/fdinfo");

    private ReadProgress() {}

    /**
     * @param input a video file, or a folder of frames named {@code 000000.png}, ... (as FrameZip writes them)
     * @param frames the number of frames in the folder (ignored for a file)
     * @return the fraction read, in [0, 1], when an open file of this process shows it
     */
    static OptionalDouble of(Path input, int frames) {
        Path real;
        try {
            real = input.toRealPath();
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
        return Files.isDirectory(FD) ? scan(real, frames) : OptionalDouble.empty();
    }

    private static OptionalDouble scan(Path input, int frames) {
        boolean folder = Files.isDirectory(input);
        double best = -1;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FD)) {
            for (Path fd : fds) {
                Path target;
                try {
                    target = Files.readSymbolicLink(fd);
                } catch (IOException | UnsupportedOperationException e) {
                    continue; // closed meanwhile
                }
                if (folder && input.equals(target.getParent()) && frames > 0) {
                    best = Math.max(best, (frameNumber(target) + 1) / (double) frames);
                } else if (!folder && input.equals(target)) {
                    best = Math.max(best, position(fd.getFileName().toString()) / (double) Math.max(1, Files.size(input)));
                }
            }
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
        return best < 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.min(1, best));
    }

    private static int frameNumber(Path frame) {
        String n = frame.getFileName().toString();
        int dot = n.indexOf('.');
        try {
            return Integer.parseInt(dot > 0 ? n.substring(0, dot) : n);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long position(String fd) throws IOException {
        try {
            for (String line : Files.readAllLines(FDINFO.resolve(fd))) {
                if (line.startsWith("pos:")) {
                    return Long.parseLong(line.substring(4).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
