package org.plegdf.importer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.plegdf.data.Split;
import org.plegdf.model.RatingScale;
import org.plegdf.data.CsvRows;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * A user's labels file: {@code id,score[,subject][,split]}, one recording per row.
 *
 * <p>The header row is optional (a first row whose second field is neither a number nor empty,
 * or whose first field is {@code id}, is taken as one). With one, columns are found by name in any order: {@code id}
 * (or {@code video_id}, {@code video}), {@code score} (or {@code bdi}, {@code label}),
 * {@code subject} (or {@code subject_id}) and {@code split}. Without one, the columns are taken in
 * that order. An empty score marks an unlabelled recording; an empty subject means the recording
 * is its own subject. The split column, when present, must be filled in every row (train, dev,
 * test, or Training, Development, Testing, in any case).
 */
final class LabelTable {
    private static final List<String> ID = List.of("id", "video_id", "video");
    private static final List<String> SCORE = List.of("score", "bdi", "label");
    private static final List<String> SUBJECT = List.of("subject", "subject_id");
    private static final List<String> SPLIT = List.of("split");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setTrim(true)
            .setIgnoreEmptyLines(false) // keeps line numbers exact; blank rows are skipped below
            .build();

    /**
     * One row.
     *
     * @param id the recording's id, naming its video file or frame folder
     * @param score its score, empty when unlabelled
     * @param subject its subject, empty when the file does not say
     * @param split its split, empty when the file has no split column
     * @param line the 1-based line in the file
     */
    record Row(String id, OptionalDouble score, Optional<String> subject, Optional<Split> split, long line) {}

    private final Path file;
    private final List<Row> rows;
    private final boolean hasSplits;

    private LabelTable(Path file, List<Row> rows, boolean hasSplits) {
        this.file = file;
        this.rows = List.copyOf(rows);
        this.hasSplits = hasSplits;
    }

    /** @return the file read */
    Path file() {
        return file;
    }

    /** @return the rows in file order */
    List<Row> rows() {
        return rows;
    }

    /** @return true when the file gives every row's split */
    boolean hasSplits() {
        return hasSplits;
    }

    /**
     * @param file the labels CSV
     * @param scale the scale scores must lie on
     * @return the validated table
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} naming the file and line of the first problem
     */
    static LabelTable read(Path file, RatingScale scale) {
        if (!Files.isRegularFile(file)) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": labels file not found");
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(in)) {
            return new Pass(file, scale).run(parser);
        } catch (IOException | UncheckedIOException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": cannot read: " + CsvRows.firstLine(e), e);
        }
    }

    /** The state of one read. */
    private static final class Pass {
        private final Path file;
        private final RatingScale scale;
        private final List<Row> rows = new ArrayList<>();
        private final Map<String, Long> lineOfId = new HashMap<>();
        private int idCol = 0;
        private int scoreCol = 1;
        private int subjectCol = -1;
        private int splitCol = -1;
        private int width = -1;

        Pass(Path file, RatingScale scale) {
            this.file = file;
            this.scale = scale;
        }

        private boolean first = true;

        LabelTable run(CSVParser parser) {
            CsvRows.forEach(file, parser, (rec, line) -> {
                List<String> fields = new ArrayList<>(rec.toList());
                if (first) {
                    first = false;
                    fields.set(0, fields.get(0).replace("\uFEFF", "").strip());
                    // a header names the columns; a first data row has a number (or nothing) as its score
                    boolean named = ID.contains(fields.get(0).toLowerCase(Locale.ROOT))
                            || fields.size() >= 2 && !fields.get(1).isEmpty() && !Scores.isNumber(fields.get(1));
                    if (named) {
                        header(fields, line);
                        return;
                    }
                    positional(fields, line);
                }
                row(fields, line);
            });
            if (rows.isEmpty()) {
                throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": no rows (expected id,score[,subject][,split])");
            }
            boolean splits = splitCol >= 0;
            return new LabelTable(file, rows, splits);
        }

        private void header(List<String> cols, long line) {
            idCol = -1;
            scoreCol = -1;
            for (int i = 0; i < cols.size(); i++) {
                String c = cols.get(i).toLowerCase(Locale.ROOT);
                if (ID.contains(c) && idCol < 0) {
                    idCol = i;
                } else if (SCORE.contains(c) && scoreCol < 0) {
                    scoreCol = i;
                } else if (SUBJECT.contains(c) && subjectCol < 0) {
                    subjectCol = i;
                } else if (SPLIT.contains(c) && splitCol < 0) {
                    splitCol = i;
                } else {
                    throw fail(line, "column '" + cols.get(i) + "' is unknown or repeated (columns: id, score, subject, split)");
                }
            }
            if (idCol < 0 || scoreCol < 0) {
                throw fail(line, "no " + (idCol < 0 ? "id" : "score") + " column (columns: id, score, subject, split)");
            }
            width = cols.size();
        }

        private void positional(List<String> fields, long line) {
            if (fields.size() < 2 || fields.size() > 4) {
                throw fail(line, fields.size() + " fields, expected id,score[,subject][,split] (or a header row naming them)");
            }
            width = fields.size();
            subjectCol = width >= 3 ? 2 : -1;
            splitCol = width >= 4 ? 3 : -1;
        }

        private void row(List<String> f, long line) {
            if (f.size() != width) {
                throw fail(line, f.size() + " fields, expected " + width);
            }
            String id = f.get(idCol);
            if (id.isEmpty()) {
                throw fail(line, "id is empty");
            }
            Long earlier = lineOfId.putIfAbsent(id.toLowerCase(Locale.ROOT), line);
            if (earlier != null) {
                throw fail(line, "id '" + id + "' again (first on line " + earlier + "; ids are matched ignoring case)");
            }
            OptionalDouble score = OptionalDouble.empty();
            String s = f.get(scoreCol);
            if (!s.isEmpty()) {
                if (!Scores.isNumber(s)) {
                    throw fail(line, "score '" + Scores.clip(s) + "' is not a number (leave it empty for an unlabelled recording)");
                }
                double v = Double.parseDouble(s);
                String range = Scores.outOfRange(v, scale);
                if (range != null) {
                    throw fail(line, range);
                }
                score = OptionalDouble.of(v);
            }
            Optional<String> subject = subjectCol < 0 || f.get(subjectCol).isEmpty() ? Optional.empty() : Optional.of(f.get(subjectCol));
            Optional<Split> split = Optional.empty();
            if (splitCol >= 0) {
                String t = f.get(splitCol);
                if (t.isEmpty()) {
                    throw fail(line, "split is empty (fill it in every row, or leave the column out)");
                }
                split = Optional.of(SplitNames.parse(t).orElseThrow(() -> fail(line,
                        "split '" + Scores.clip(t) + "' is not train, dev or test (or Training, Development, Testing)")));
            }
            rows.add(new Row(id, score, subject, split, line));
        }

        private PlegdfException fail(long line, String problem) {
            return CsvRows.failure(file, line, problem);
        }
    }

}
