package org.plegdf.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * The files beside a {@code manifest.csv} that describe its dataset: {@code dataset.json} (rating
 * scale, how the splits were made) and {@code folds.csv}. A step that writes a new manifest for the
 * same videos, such as {@code preprocess}, carries them over so {@code train} still finds them.
 */
public final class Sidecars {
    /** The names of the files carried over. */
    public static final List<String> NAMES = List.of(DatasetInfo.FILE_NAME, Folds.FILE_NAME);

    private Sidecars() {}

    /**
     * Copies the sidecar files that exist beside {@code manifest} into {@code toDir} (atomically,
     * replacing older copies).
     *
     * @param manifest the manifest file the new one was made from
     * @param toDir the folder of the new manifest
     * @return the files written
     * @throws PlegdfException {@link ExitCodes#OUTPUT_NOT_WRITABLE} when one cannot be copied
     */
    public static List<Path> copy(Path manifest, Path toDir) {
        Path from = DatasetInfo.folderOf(manifest);
        List<Path> written = new ArrayList<>();
        for (String name : NAMES) {
            Path src = from.resolve(name);
            Path dst = toDir.resolve(name);
            if (!Files.isRegularFile(src) || isSameFile(src, dst)) {
                continue;
            }
            try {
                AtomicFiles.write(dst, Files.readAllBytes(src));
            } catch (IOException e) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, dst + ": cannot copy " + src + ": " + e.getMessage(), e);
            }
            written.add(dst);
        }
        return written;
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
