package org.plegdf.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks on a file a command is about to write, made before any work starts, so that nothing a
 * user already has is replaced by accident (docs/errors.md, exit code 10).
 */
public final class OutputFiles {
    private OutputFiles() {}

    /**
     * @param out the file to write
     * @param force whether the user asked to replace an existing file
     * @param option the option that named it, e.g. {@code --out}, for the message
     * @throws PlegdfException {@link ExitCodes#OUTPUT_NOT_WRITABLE} when {@code out} is a folder, or
     *     an existing file and {@code force} is false
     */
    public static void checkReplaceable(Path out, boolean force, String option) {
        if (Files.isDirectory(out)) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": is a folder; " + option + " takes a file name");
        }
        if (Files.exists(out) && !force) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": already exists; give --force to replace it, or another " + option);
        }
    }

    /**
     * @param out the file to write
     * @param folder a folder the command reads from
     * @param what what that folder is, e.g. "the model folder", for the message
     * @throws PlegdfException {@link ExitCodes#OUTPUT_NOT_WRITABLE} when {@code out} lies inside
     *     {@code folder} (links resolved)
     */
    public static void checkOutside(Path out, Path folder, String what) {
        Path o = real(out);
        Path f = real(folder);
        if (o.startsWith(f)) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": lies inside " + what + " " + folder
                    + ", which this command reads; write it elsewhere");
        }
    }

    /** The path with links resolved as far as it exists, the rest appended. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }
}
