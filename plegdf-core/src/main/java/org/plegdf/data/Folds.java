package org.plegdf.data;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Cross-validation folds: {@code folds.csv} ({@code video_id,fold}, folds numbered from 1) beside
 * a manifest, as {@code plegdf import --folds K} writes it. Every train and dev video has a fold,
 * all videos of a subject share one; test videos have none and stay test.
 *
 * <p>{@link #select(Manifest, Integer)} gives the dataset as {@code train --fold i} sees it: fold i
 * is the dev split, the other folds are the train split.
 */
public final class Folds {
    /** The file's name inside a dataset folder. */
    public static final String FILE_NAME = "folds.csv";
    /** Its exact header. */
    public static final List<String> HEADER = List.of("video_id", "fold");

    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setTrim(true).setIgnoreEmptyLines(false).build();
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

    private Folds() {}

    /**
     * Writes {@code folds.csv} atomically.
     *
     * @param file the file to write
     * @param foldOf each video id's fold (1-based), in the order to write
     * @throws PlegdfException {@link ExitCodes#OUTPUT_NOT_WRITABLE} when it cannot be written
     */
    public static void write(Path file, Map<String, Integer> foldOf) {
        try {
            AtomicFiles.write(file, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(w, WRITE);
                p.printRecord(HEADER);
                for (Map.Entry<String, Integer> e : foldOf.entrySet()) {
                    p.printRecord(e.getKey(), e.getValue());
                }
                p.flush();
            });
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code folds.csv}.
     *
     * @param file the file
     * @return each video id's fold, in file order
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} naming the file and line of the first problem
     */
    public static Map<String, Integer> read(Path file) {
        Map<String, Integer> folds = new LinkedHashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = READ.parse(in)) {
            boolean header = true;
            long line = 0;
            for (CSVRecord r : parser) {
                line++;
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;
                }
                if (header) {
                    List<String> cols = new ArrayList<>(r.toList());
                    cols.set(0, cols.get(0).replace("\uFEFF", ""));
                    if (!cols.equals(HEADER)) {
                        throw fail(file, line, "the header must be exactly " + String.join(",", HEADER));
                    }
                    header = false;
                    continue;
                }
                if (r.size() != 2) {
                    throw fail(file, line, r.size() + " fields, expected 2 (" + String.join(",", HEADER) + ")");
                }
                String id = r.get(0);
                int fold;
                try {
                    fold = Integer.parseInt(r.get(1));
                } catch (NumberFormatException e) {
                    throw fail(file, line, "fold '" + r.get(1) + "' is not a whole number");
                }
                if (fold < 1) {
                    throw fail(file, line, "fold " + fold + " (folds are numbered from 1)");
                }
                Long first = lineOf.putIfAbsent(id, line);
                if (first != null) {
                    throw fail(file, line, "video '" + id + "' again (first on line " + first + ")");
                }
                folds.put(id, fold);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": no such file (write it with plegdf import --folds K)", e);
        } catch (IOException | UncheckedIOException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": cannot read: " + e.getMessage(), e);
        }
        if (folds.isEmpty()) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": no folds");
        }
        return folds;
    }

    /**
     * The dataset with fold {@code fold} as the dev split and the other folds as the train split;
     * the test split is unchanged.
     *
     * @param data a dataset with {@code folds.csv} beside its manifest
     * @param fold the fold to hold out (1-based), or null for the manifest's own splits
     * @return the remapped dataset, or {@code data} itself when {@code fold} is null
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} when folds.csv is missing, does not cover
     *     the manifest's train and dev videos, lists a test video or puts a subject in two folds;
     *     {@link ExitCodes#BAD_CONFIG} when the fold does not exist
     */
    public static Manifest select(Manifest data, Integer fold) {
        return select(data, fold, null);
    }

    /**
     * Like {@link #select(Manifest, Integer)}, with the folds read from a given file.
     *
     * @param data a dataset
     * @param fold the fold to hold out (1-based), or null for the manifest's own splits
     * @param foldsFile the folds file, or null for the {@code folds.csv} beside the manifest
     * @return the remapped dataset, or {@code data} itself when {@code fold} is null
     */
    public static Manifest select(Manifest data, Integer fold, String foldsFile) {
        if (fold == null) {
            return data;
        }
        Path file = foldsFile != null ? Path.of(foldsFile) : data.root().resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, (foldsFile != null ? file : data.root()) + ": no " + FILE_NAME
                    + " for fold " + fold + " (write the folds with plegdf import ... --folds K)");
        }
        return apply(data, read(file), fold, file);
    }

    /**
     * Like {@link #select(Manifest, Integer)}, but a dataset without {@code folds.csv} is returned
     * as it is: for evaluating a model trained on one fold on another dataset.
     *
     * @param data a dataset
     * @param fold the fold the model was trained with, or null
     * @return the remapped dataset, or {@code data} when it has no folds or {@code fold} is null
     */
    public static Manifest selectWhenPresent(Manifest data, Integer fold) {
        return selectWhenPresent(data, fold, null);
    }

    /**
     * Like {@link #selectWhenPresent(Manifest, Integer)}, with the folds read from a given file.
     *
     * @param data a dataset
     * @param fold the fold the model was trained with, or null
     * @param foldsFile the folds file the model was trained with, or null for the dataset's own
     * @return the remapped dataset, or {@code data} when the folds file is absent or {@code fold} is null
     */
    public static Manifest selectWhenPresent(Manifest data, Integer fold, String foldsFile) {
        Path file = foldsFile != null ? Path.of(foldsFile) : data.root().resolve(FILE_NAME);
        if (fold == null || !Files.isRegularFile(file)) {
            return data;
        }
        return select(data, fold, foldsFile);
    }

    /**
     * The dataset with fold {@code fold} of the given assignment as the dev split and the other
     * folds as the train split; the test split is unchanged. Checks the assignment as a whole: every
     * train and dev video has a fold, no test video has one, no subject is in two folds.
     *
     * @param data a dataset
     * @param folds each train and dev video id's fold (1-based)
     * @param fold the fold to hold out
     * @param file where the assignment comes from, for messages
     * @return the remapped dataset
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} naming the first video or subject that
     *     breaks the rules; {@link ExitCodes#BAD_CONFIG} when the fold does not exist
     */
    public static Manifest apply(Manifest data, Map<String, Integer> folds, int fold, Path file) {
        int k = folds.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (fold < 1 || fold > k) {
            throw new PlegdfException(ExitCodes.BAD_CONFIG, "fold " + fold + " does not exist: " + file + " has folds 1-" + k);
        }
        Map<String, Integer> subjectFold = new HashMap<>();
        Map<String, String> subjectVideo = new HashMap<>();
        List<VideoRecord> records = new ArrayList<>();
        Map<String, FrameFolder> frames = new LinkedHashMap<>();
        for (VideoRecord r : data.records()) {
            Integer f = folds.get(r.videoId());
            Split split = r.split();
            if (split == Split.TEST) {
                if (f != null) {
                    throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": video '" + r.videoId()
                            + "' is a test video in " + data.file() + " (test videos have no fold)");
                }
            } else {
                if (f == null) {
                    throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": no fold for " + split.id() + " video '"
                            + r.videoId() + "' of " + data.file());
                }
                Integer other = subjectFold.putIfAbsent(r.subjectId(), f);
                if (other != null && !other.equals(f)) {
                    throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": subject '" + r.subjectId() + "' is in fold "
                            + other + " (video '" + subjectVideo.get(r.subjectId()) + "') and fold " + f + " (video '"
                            + r.videoId() + "'); all videos of a subject must be in one fold");
                }
                subjectVideo.putIfAbsent(r.subjectId(), r.videoId());
                split = f == fold ? Split.DEV : Split.TRAIN;
            }
            records.add(new VideoRecord(r.videoId(), r.subjectId(), split, r.bdi(), r.relativePath(), r.location(), r.kind()));
            if (r.kind() == MediaKind.FRAMES) {
                frames.put(r.videoId(), data.frames(r));
            }
        }
        return new Manifest(data.file(), data.scaleMax(), records, frames);
    }

    private static PlegdfException fail(Path file, long line, String problem) {
        return new PlegdfException(ExitCodes.BAD_DATASET, file + " line " + line + ": " + problem);
    }
}
