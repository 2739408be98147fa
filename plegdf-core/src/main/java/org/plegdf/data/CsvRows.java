package org.plegdf.data;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * The rows of a user's CSV file with their line numbers, blank lines skipped, and a malformed
 * file reported as {@code FILE line N: malformed CSV: ...} rather than a parser exception.
 */
public final class CsvRows {
    private CsvRows() {}

    /** What to do with one row. */
    @FunctionalInterface
    public interface RowHandler {
        /**
         * @param record the row
         * @param line its 1-based line number in the file
         */
        void row(CSVRecord record, long line);
    }

    /**
     * @param file the file being read (for messages)
     * @param parser its parser
     * @param handler called for every non-blank row, in order
     * @throws PlegdfException ({@link ExitCodes#BAD_DATASET}) naming the file and line of malformed CSV
     */
    public static void forEach(Path file, CSVParser parser, RowHandler handler) {
        Iterator<CSVRecord> it = parser.iterator();
        while (true) {
            long line = parser.getCurrentLineNumber() + 1;
            CSVRecord rec;
            try {
                if (!it.hasNext()) {
                    return;
                }
                rec = it.next();
            } catch (UncheckedIOException | IllegalStateException e) {
                throw failure(file, line, "malformed CSV: " + firstLine(e));
            }
            if (rec.size() == 1 && rec.get(0).isEmpty()) {
                continue; // a blank line
            }
            handler.row(rec, line);
        }
    }

    /**
     * @param file the file
     * @param line the line
     * @param problem what is wrong
     * @return the error, as {@code FILE line N: problem}
     */
    public static PlegdfException failure(Path file, long line, String problem) {
        return new PlegdfException(ExitCodes.BAD_DATASET, file + " line " + line + ": " + problem);
    }

    /**
     * @param e an exception
     * @return the first line of its (cause's) message
     */
    public static String firstLine(Exception e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
