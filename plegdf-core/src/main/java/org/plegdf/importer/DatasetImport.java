package org.plegdf.importer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plegdf.data.DatasetInfo;
import org.plegdf.data.FrameFolder;
import org.plegdf.data.Folds;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestWriter;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * {@code plegdf import}: turns a source (AVEC2013, AVEC2014, OpenFace output, a labels CSV) into
 * a dataset folder: {@code manifest.csv} (paths relative to it), {@code dataset.json} (the rating
 * scale and how the splits were made), {@code folds.csv} with {@code --folds K}, and
 * {@code import-report.txt}, the table also printed.
 *
 * <p>Splits: the source's own (split folders, or a labels file's split column) when it has them.
 * Without, {@code --folds K} puts every recording into K subject-grouped folds (no test split), and
 * otherwise a random subject-grouped split is made ({@value SubjectFolds#HELD_OUT_SHARE} of the
 * subjects each in dev and test) with the seed. With splits and {@code --folds K}, the train and
 * dev recordings are pooled into the folds and test stays test. In every case a subject on both
 * sides of a split is refused.
 */
public final class DatasetImport {
    /** The report's file name in the dataset folder. */
    public static final String REPORT = "import-report.txt";
    /** {@code dataset.json}'s splits value when the source had none and folds replace them. */
    public static final String FOLDS_ONLY = "folds";

    /**
     * What an import wrote.
     *
     * @param manifest the manifest file
     * @param records its rows
     * @param report the report printed
     */
    public record Result(Path manifest, List<VideoRecord> records, String report) {}

    private DatasetImport() {}

    /**
     * @param req what to import
     * @return what was written
     * @throws PlegdfException {@link ExitCodes#USAGE} for options that do not fit the layout,
     *     {@link ExitCodes#BAD_DATASET} for a source that cannot be imported (named file and
     *     problem), {@link ExitCodes#OUTPUT_NOT_WRITABLE} when the output cannot be written
     */
    public static Result run(ImportRequest req) {
        checkOptions(req);
        Findings found = switch (req.layout()) {
            case AVEC2013 -> AvecLayout.find(req, false);
            case AVEC2014 -> AvecLayout.find(req, true);
            case OPENFACE -> OpenFaceLayout.find(req);
            case CSV -> CsvLayout.find(req);
        };
        List<Unpaired> unpaired = new ArrayList<>(found.unpaired());
        List<Recording> recordings = new ArrayList<>();
        boolean hasSplits = found.recordings().stream().anyMatch(r -> r.split().isPresent());
        for (Recording r : found.recordings()) {
            if (hasSplits && r.split().isEmpty()) {
                for (FoundVideo v : r.videos()) {
                    unpaired.add(new Unpaired(v.path().toString(), "in no Training/Development/Testing folder, nor is its label; left out"));
                }
            } else {
                recordings.add(r);
            }
        }
        if (recordings.isEmpty()) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, req.root() + ": nothing to import for layout " + req.layout().id()
                    + (unpaired.isEmpty() ? " (no videos or frame folders found)"
                            : " (" + unpaired.size() + " file(s) could not be paired, the first: " + unpaired.get(0).where()
                                    + ": " + unpaired.get(0).reason() + ")")
                    + LayoutGuess.hint(req));
        }
        checkUniqueIds(recordings);

        SplitPlan plan = SplitPlan.make(recordings, found.splitSource(), req);
        recordings = new ArrayList<>(plan.recordings());
        recordings.sort(Comparator.comparing((Recording r) -> r.split().get())
                .thenComparing(Recording::id, FrameFolder.NATURAL_ORDER));
        unpaired.addAll(missingLabels(recordings));
        unpaired.sort(Comparator.comparing(Unpaired::where));

        ImportReport report = new ImportReport(req, recordings, plan.lines(), plan.foldOf(), unpaired);
        List<VideoRecord> records = records(req.out(), recordings);
        DatasetInfo info = new DatasetInfo(req.layout().id(), req.scale(), plan.splits(), req.folds(), plan.seedUsed(req));
        Path manifest = write(req, records, info, plan.foldOf(), report);
        return new Result(manifest, records, report.text());
    }

    private static void checkOptions(ImportRequest req) {
        if (!Files.isDirectory(req.root())) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, req.root() + ": no such folder (--root)");
        }
        if (req.labels() != null && !Files.exists(req.labels())) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, req.labels() + ": no such file or folder (--labels)");
        }
        switch (req.layout()) {
            case AVEC2013, AVEC2014 -> {
                if (req.labels() != null && !Files.isDirectory(req.labels())) {
                    throw new PlegdfException(ExitCodes.USAGE, "--labels " + req.labels() + ": " + req.layout().id()
                            + " takes the folder holding the <subject>_<session>_Depression.csv files, not a file");
                }
            }
            case CSV -> {
                if (req.labels() == null || !Files.isRegularFile(req.labels())) {
                    throw new PlegdfException(ExitCodes.USAGE, "csv needs --labels FILE.csv (id,score[,subject][,split])");
                }
            }
            case OPENFACE -> { } // a labels CSV, a labels folder, or label files under the root
        }
        if (Files.exists(req.out()) && !Files.isDirectory(req.out())) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, req.out() + ": exists and is not a folder (--out)");
        }
        if (!isNewEmptyOrImported(req.out())) {
            // Another dataset (synth, preprocess output, a hand-made manifest) or unrelated files: not ours to replace.
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, req.out() + ": folder is not empty and is not an earlier import (no "
                    + REPORT + "); choose a new or empty folder (--out)");
        }
    }

    private static boolean isNewEmptyOrImported(Path out) {
        if (!Files.isDirectory(out) || Files.isRegularFile(out.resolve(REPORT))) {
            return true;
        }
        try (java.util.stream.Stream<Path> s = Files.list(out)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static void checkUniqueIds(List<Recording> recordings) {
        Map<String, FoundVideo> seen = new HashMap<>();
        for (Recording r : recordings) {
            for (FoundVideo v : r.videos()) {
                FoundVideo other = seen.putIfAbsent(v.videoId(), v);
                if (other != null) {
                    throw new PlegdfException(ExitCodes.BAD_DATASET, v.path() + ": same video id '" + v.videoId() + "' as "
                            + other.path() + "; keep one of them");
                }
            }
        }
    }

    /**
     * Recordings whose label file was not found, named; but when no test recording has a label the
     * test labels are simply not there (they were released after the challenges), and the report's
     * note says so instead of naming every test video.
     */
    private static List<Unpaired> missingLabels(List<Recording> recordings) {
        boolean testLabelled = recordings.stream().anyMatch(r -> r.split().get() == Split.TEST && r.label().isPresent());
        List<Unpaired> out = new ArrayList<>();
        for (Recording r : recordings) {
            if (r.labelMissing() && (r.split().get() != Split.TEST || testLabelled)) {
                for (FoundVideo v : r.videos()) {
                    out.add(new Unpaired(v.path().toString(), "no label file " + r.id() + "_Depression.csv; kept, unlabelled"));
                }
            }
        }
        return out;
    }

    private static List<VideoRecord> records(Path out, List<Recording> recordings) {
        Path base = out.toAbsolutePath().normalize();
        List<VideoRecord> records = new ArrayList<>();
        for (Recording r : recordings) {
            List<FoundVideo> vs = new ArrayList<>(r.videos());
            vs.sort(Comparator.comparing(FoundVideo::videoId, FrameFolder.NATURAL_ORDER));
            for (FoundVideo v : vs) {
                Path abs = v.path().toAbsolutePath().normalize();
                String rel = relative(base, abs);
                records.add(new VideoRecord(v.videoId(), r.subject(), r.split().get(), r.label(), rel, abs, v.kind()));
            }
        }
        return records;
    }

    /** Relative to the dataset folder, with '/' separators, so the two can move together; absolute across drives. */
    private static String relative(Path base, Path abs) {
        if (base.getRoot() == null || !base.getRoot().equals(abs.getRoot())) {
            return abs.toString();
        }
        return base.relativize(abs).toString().replace(File.separatorChar, '/');
    }

    private static Path write(ImportRequest req, List<VideoRecord> records, DatasetInfo info, Map<String, Integer> foldOf, ImportReport report) {
        Path out = req.out();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": cannot create: " + e.getMessage(), e);
        }
        List<Path> written = new ArrayList<>();
        Path manifest = ManifestWriter.write(out.resolve(Manifest.FILE_NAME), records);
        written.add(manifest);
        written.add(info.write(out));
        Path foldsFile = out.resolve(Folds.FILE_NAME);
        if (foldOf != null) {
            Map<String, Integer> byVideo = new LinkedHashMap<>();
            for (VideoRecord r : records) {
                if (r.split() != Split.TEST) {
                    byVideo.put(r.videoId(), foldOf.get(r.subjectId()));
                }
            }
            Folds.write(foldsFile, byVideo);
            written.add(foldsFile);
        } else {
            try {
                // a folds.csv from an earlier import would no longer match this manifest
                Files.deleteIfExists(foldsFile);
            } catch (IOException e) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, foldsFile + ": cannot remove the stale file: " + e.getMessage(), e);
            }
        }
        Path reportFile = out.resolve(REPORT);
        written.add(reportFile);
        report.add(ImportReport.wrote(written));
        long toPreprocess = records.stream().filter(VideoRecord::needsPreprocessing).count();
        if (toPreprocess > 0) {
            report.add("next: plegdf preprocess --input " + manifest + " --out FRAMES_DIR  (" + toPreprocess
                    + " video file(s) to turn into face frames before train)");
        }
        try {
            AtomicFiles.write(reportFile, report.text().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, reportFile + ": cannot write: " + e.getMessage(), e);
        }
        return manifest;
    }
}
