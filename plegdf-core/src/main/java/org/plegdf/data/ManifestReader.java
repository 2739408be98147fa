package org.plegdf.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Reads and validates a {@code manifest.csv} (format: {@code docs/data-format.md}). The first
 * problem found stops the read with a {@link PlegdfException} ({@link ExitCodes#BAD_DATASET}) whose
 * one-line message names the file, the line and the problem, e.g.
 * {@code data/manifest.csv line 7: bdi 'abc' is not a number}.
 *
 * <p>Every row's path is checked on disk and every frame folder is listed once, so a manifest
 * that reads cleanly can be trained on without further checks.
 */
public final class ManifestReader {
    /** Plain decimal numbers only: no NaN, Infinity, hex or type suffixes that Java would accept. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setTrim(true)
            // kept so that every line break belongs to a record and line numbers stay exact;
            // blank rows are skipped below
            .setIgnoreEmptyLines(false)
            .build();

    private ManifestReader() {}

    /**
     * Reads a manifest with BDI-II labels (0-63).
     *
     * @param path a dataset folder (holding {@code manifest.csv}) or the manifest file itself
     * @return the validated manifest
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} on the first problem
     */
    public static Manifest read(Path path) {
        return read(path, 63);
    }

    /**
     * Reads a manifest whose labels are on a scale from 0 to {@code scaleMax}.
     *
     * @param path a dataset folder (holding {@code manifest.csv}) or the manifest file itself
     * @param scaleMax the rating scale's maximum, e.g. 63 for BDI-II, 24 for PHQ-8
     * @return the validated manifest
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} on the first problem
     */
    public static Manifest read(Path path, double scaleMax) {
        if (!(scaleMax > 0) || Double.isInfinite(scaleMax)) {
            throw new IllegalArgumentException("scaleMax must be a positive number, got " + scaleMax);
        }
        Path file = Files.isDirectory(path) ? path.resolve(Manifest.FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, Files.isDirectory(path)
                    ? path + ": no " + Manifest.FILE_NAME + " in this folder (expected a dataset folder, see docs/data-format.md)"
                    : file + ": manifest not found");
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(in)) {
            return new Pass(file, scaleMax).run(parser);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The state of one read: what has been seen so far, for the duplicate and split checks. */
    private static final class Pass {
        private final Path file;
        private final Path root;
        private final double scaleMax;
        private final List<VideoRecord> records = new ArrayList<>();
        private final Map<String, FrameFolder> frames = new LinkedHashMap<>();
        private final Map<String, Long> idLine = new HashMap<>();
        private final Map<String, Split> subjectSplit = new HashMap<>();
        private final Map<String, Long> subjectLine = new HashMap<>();

        Pass(Path file, double scaleMax) {
            this.file = file;
            Path parent = file.toAbsolutePath().getParent();
            this.root = parent == null ? Path.of(".") : parent;
            this.scaleMax = scaleMax;
        }

        private boolean header = true;

        Manifest run(CSVParser parser) {
            CsvRows.forEach(file, parser, (rec, line) -> {
                if (header) {
                    checkHeader(rec, line);
                    header = false;
                } else {
                    row(rec, line);
                }
            });
            if (header) {
                throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": empty file (expected the header "
                        + String.join(",", Manifest.HEADER) + ")");
            }
            if (records.isEmpty()) {
                throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": no videos (only a header)");
            }
            return new Manifest(file, scaleMax, records, frames);
        }

        private void checkHeader(CSVRecord rec, long line) {
            List<String> cols = new ArrayList<>();
            for (String c : rec) {
                cols.add(cols.isEmpty() ? stripBom(c) : c);
            }
            if (cols.equals(Manifest.HEADER)) {
                return;
            }
            String expected = " (the header must be exactly " + String.join(",", Manifest.HEADER) + ")";
            for (String want : Manifest.HEADER) {
                if (!cols.contains(want)) {
                    throw fail(line, "missing column '" + want + "'" + expected);
                }
            }
            for (String got : cols) {
                if (!Manifest.HEADER.contains(got)) {
                    throw fail(line, "extra column '" + got + "'" + expected);
                }
            }
            throw fail(line, "columns '" + String.join(",", cols) + "' are duplicated or out of order" + expected);
        }

        private void row(CSVRecord rec, long line) {
            if (rec.size() != Manifest.HEADER.size()) {
                throw fail(line, rec.size() + " fields, expected " + Manifest.HEADER.size() + " ("
                        + String.join(",", Manifest.HEADER) + ")");
            }
            String videoId = rec.get(0);
            String subjectId = rec.get(1);
            String splitText = rec.get(2);
            String bdiText = rec.get(3);
            String pathText = rec.get(4);
            if (videoId.isEmpty()) {
                throw fail(line, "video_id is empty");
            }
            Long firstLine = idLine.putIfAbsent(videoId, line);
            if (firstLine != null) {
                throw fail(line, "duplicate video_id '" + videoId + "' (first on line " + firstLine + ")");
            }
            if (subjectId.isEmpty()) {
                throw fail(line, "subject_id is empty");
            }
            Split split = Split.parse(splitText).orElseThrow(() -> fail(line,
                    "split '" + splitText + "' is not one of train, dev, test"));
            Split earlier = subjectSplit.putIfAbsent(subjectId, split);
            if (earlier == null) {
                subjectLine.put(subjectId, line);
            } else if (earlier != split) {
                throw fail(line, "subject '" + subjectId + "' is in split " + split.id() + " here but in "
                        + earlier.id() + " on line " + subjectLine.get(subjectId)
                        + " (all videos of a subject must be in one split)");
            }
            OptionalDouble bdi = parseLabel(bdiText, line);
            if (pathText.isEmpty()) {
                throw fail(line, "path is empty");
            }
            Path location;
            try {
                location = root.resolve(pathText).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw fail(line, "path '" + pathText + "' is not a valid path: " + e.getReason());
            }
            MediaKind kind;
            if (Files.isDirectory(location)) {
                FrameFolder f = FrameFolder.of(location);
                if (f.isEmpty()) {
                    throw fail(line, "frame folder '" + pathText + "' has no images ("
                            + String.join(", ", MediaKind.IMAGE_EXTENSIONS.stream().sorted().toList()) + ")");
                }
                frames.put(videoId, f);
                kind = MediaKind.FRAMES;
            } else if (!Files.exists(location)) {
                throw fail(line, "path '" + pathText + "' does not exist (paths are relative to the manifest's folder)");
            } else if (MediaKind.isVideoName(location)) {
                kind = MediaKind.VIDEO;
            } else {
                throw fail(line, "path '" + pathText + "' is neither a frame folder nor a video file ("
                        + String.join(", ", MediaKind.VIDEO_EXTENSIONS.stream().sorted().toList()) + ")");
            }
            records.add(new VideoRecord(videoId, subjectId, split, bdi, pathText, location, kind));
        }

        private OptionalDouble parseLabel(String text, long line) {
            if (text.isEmpty()) {
                return OptionalDouble.empty();
            }
            if (!NUMBER.matcher(text).matches()) {
                throw fail(line, "bdi '" + text + "' is not a number");
            }
            double v = Double.parseDouble(text);
            if (v < 0 || v > scaleMax) {
                throw fail(line, "bdi " + text + " is outside the scale [0, " + format(scaleMax) + "]");
            }
            return OptionalDouble.of(v);
        }

        private PlegdfException fail(long line, String problem) {
            return CsvRows.failure(file, line, problem);
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
