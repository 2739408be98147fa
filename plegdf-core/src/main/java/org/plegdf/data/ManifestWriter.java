package org.plegdf.data;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Writes a {@code manifest.csv} atomically (temporary file, then rename), so a reader never sees a
 * half-written manifest. Labels are written without a trailing {@code .0} when whole; unlabelled
 * records get an empty {@code bdi} field.
 */
public final class ManifestWriter {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

    private ManifestWriter() {}

    /**
     * @param target the manifest file, or a dataset folder (then {@code manifest.csv} inside it)
     * @param records the rows, in the order to write
     * @return the file written
     * @throws PlegdfException {@link ExitCodes#OUTPUT_NOT_WRITABLE} when the file cannot be written
     */
    public static Path write(Path target, List<VideoRecord> records) {
        Path file = Files.isDirectory(target) ? target.resolve(Manifest.FILE_NAME) : target;
        try {
            AtomicFiles.write(file, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(w, FORMAT);
                p.printRecord(Manifest.HEADER);
                for (VideoRecord r : records) {
                    p.printRecord(r.videoId(), r.subjectId(), r.split().id(),
                            r.isLabelled() ? ManifestReader.format(r.label()) : "", r.relativePath());
                }
                p.flush();
            });
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, file + ": cannot write: " + e.getMessage(), e);
        }
        return file;
    }
}
