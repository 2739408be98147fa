package org.plegdf.importer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.plegdf.model.RatingScale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * One AVEC label file, {@code <subject>_<session>_Depression.csv}, holding the recording's score.
 *
 * <p>Copies in circulation were saved by different tools, so the reader is tolerant: a byte order
 * mark (UTF-8 or UTF-16), blank lines, spaces, CR/LF line ends, one header line before the score
 * (any line without a number, e.g. {@code BDI-II}), quotes around the number and empty fields
 * around it ({@code 23,}) are all accepted. Anything else, such as two numbers or a word where the
 * score should be, is refused with the file and line.
 */
final class LabelFile {
    /** A label file is one number; anything bigger is some other CSV with a matching name. */
    private static final long MAX_BYTES = 64 * 1024;

    /**
     * @param value the score
     * @param line the 1-based line it was on
     */
    record Score(double value, int line) {}

    private LabelFile() {}

    /**
     * @param file the label file
     * @param scale the scale the score must lie on
     * @return the score
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} naming the file (and line) when it
     *     cannot be read or holds anything but one score on the scale
     */
    static Score read(Path file, RatingScale scale) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": " + Files.size(file)
                        + " bytes, too large for a label file (one " + scale.name() + " score)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": cannot read: " + e.getMessage(), e);
        }
        List<String> lines = decode(bytes).lines().toList();
        Score score = null;
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String raw = lines.get(i).replace("\uFEFF", "").strip();
            List<String> fields = fields(raw);
            if (fields.isEmpty()) {
                continue;
            }
            if (score != null) {
                throw fail(file, line, "'" + Scores.clip(raw) + "' after the score on line " + score.line()
                        + " (a label file holds one " + scale.name() + " score)");
            }
            long numbers = fields.stream().filter(Scores::isNumber).count();
            if (fields.size() == 1 && numbers == 1) {
                double v = Double.parseDouble(fields.get(0));
                String range = Scores.outOfRange(v, scale);
                if (range != null) {
                    throw fail(file, line, range);
                }
                score = new Score(v, line);
            } else if (numbers == 0 && !header) {
                header = true; // e.g. "BDI-II" or "Depression" above the score
            } else {
                throw fail(file, line, "'" + Scores.clip(raw) + "' is not a score (a label file holds one "
                        + scale.name() + " score, a single number such as 23)");
            }
        }
        if (score == null) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": no score (a label file holds one "
                    + scale.name() + " score, a single number such as 23)");
        }
        return score;
    }

    /** Splits a line at commas, semicolons and tabs; drops quotes and empty fields. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String f : line.split("[,;\t]")) {
            String t = f.strip();
            if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
                t = t.substring(1, t.length() - 1).strip();
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** UTF-16 with a byte order mark, else UTF-8, else Latin-1 (numbers read the same in all). */
    private static String decode(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        }
        try {
            return strict(StandardCharsets.UTF_8, b);
        } catch (CharacterCodingException e) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }

    private static String strict(Charset cs, byte[] b) throws CharacterCodingException {
        return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b)).toString();
    }

    private static PlegdfException fail(Path file, int line, String problem) {
        return new PlegdfException(ExitCodes.BAD_DATASET, file + " line " + line + ": " + problem);
    }
}
