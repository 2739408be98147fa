package org.plegdf.preprocess;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * A dataset manifest: {@code video_id,subject_id,split,bdi,path}, one video per row, paths relative
 * to the manifest's folder. {@code preprocess} reads one whose paths are videos (or frame folders,
 * passed through) and writes one whose paths are the frame folders it made.
 */
public final class VideoManifest {
    /** The header, exactly. */
    public static final List<String> HEADER = List.of("video_id", "subject_id", "split", "bdi", "path");
    private static final int PATH = 4;

    private VideoManifest() {}

    /**
     * @param manifest the CSV file
     * @return one job per row, video paths resolved against the manifest's folder
     * @throws PlegdfException (BAD_DATASET) naming the file and line of the first problem
     */
    public static List<VideoJob> read(Path manifest) {
        Path base = manifest.toAbsolutePath().getParent();
        List<VideoJob> jobs = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).build();
        try (Reader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(in, format)) {
            boolean first = true;
            java.util.Map<String, String> folders = new java.util.HashMap<>();
            for (CSVRecord r : parser) {
                List<String> fields = r.toList();
                if (first) {
                    first = false;
                    List<String> header = fields.isEmpty() ? fields : new ArrayList<>(fields);
                    if (!header.isEmpty()) {
                        header.set(0, header.get(0).replace("\uFEFF", ""));
                    }
                    if (!HEADER.equals(header)) {
                        throw new PlegdfException(ExitCodes.BAD_DATASET,
                                manifest + ": header must be exactly " + String.join(",", HEADER) + " (found " + String.join(",", fields) + ")");
                    }
                    continue;
                }
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue;
                }
                String where = manifest + " line " + r.getRecordNumber();
                if (fields.size() != HEADER.size()) {
                    throw new PlegdfException(ExitCodes.BAD_DATASET, where + ": expected " + HEADER.size() + " fields, found " + fields.size());
                }
                String id = fields.get(0);
                if (id.isEmpty() || id.contains("/") || id.contains("\\") || id.equals(".") || id.equals("..")) {
                    throw new PlegdfException(ExitCodes.BAD_DATASET, where + ": video_id '" + id + "' is empty or looks like a path");
                }
                String folder = folderName(id);
                String other = folders.putIfAbsent(folder.toLowerCase(java.util.Locale.ROOT), id);
                if (other != null) {
                    throw new PlegdfException(ExitCodes.BAD_DATASET, where + ": video_id '" + id + "' "
                            + (other.equals(id) ? "appears twice" : "and '" + other + "' would both write to " + folder + "/; rename one"));
                }
                if (fields.get(PATH).isEmpty()) {
                    throw new PlegdfException(ExitCodes.BAD_DATASET, where + ": empty path");
                }
                jobs.add(new VideoJob(folder, base.resolve(fields.get(PATH)).normalize(), List.copyOf(fields)));
            }
            if (first) {
                throw new PlegdfException(ExitCodes.BAD_DATASET, manifest + ": empty file (expected header " + String.join(",", HEADER) + ")");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, manifest + ": file not found", e);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, manifest + ": cannot read CSV (" + e.getMessage() + ")", e);
        }
        return jobs;
    }

    /**
     * The output folder name for a video id or file name: letters without their accents, digits,
     * '.', '-' and '_', every other run of characters (spaces, other scripts) one '_'. The id
     * itself stays in the manifest; a name with nothing left gets a short hash of it.
     *
     * @param id a video id or a file name without extension
     * @return a name that is safe on every file system, e.g. {@code Tom_Cruise_u} for {@code Tom Cruise ü}
     */
    public static String folderName(String id) {
        String plain = java.text.Normalizer.normalize(id, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String safe = plain.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[_.]+|_+$", "");
        if (!safe.matches(".*[A-Za-z0-9].*")) {
            safe = String.format(java.util.Locale.ROOT, "video-%08x", id.hashCode());
        }
        return safe;
    }

    private static String relative(Path base, Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (base.getRoot() == null || !base.getRoot().equals(abs.getRoot())) {
            return abs.toString();
        }
        return base.relativize(abs).toString().replace(java.io.File.separatorChar, '/');
    }

    /**
     * Writes the manifest of the preprocessed dataset (atomically): the same rows, each video's
     * path replaced by {@code <folder>/frames}, each frame folder's by its path relative to the new
     * manifest's folder.
     *
     * @param target where to write, e.g. {@code OUT/manifest.csv}
     * @param finished the jobs whose frames are complete, in manifest order
     */
    public static void writeFrames(Path target, List<VideoJob> finished) {
        try {
            AtomicFiles.write(target, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
                p.printRecord(HEADER);
                Path base = target.toAbsolutePath().getParent();
                for (VideoJob j : finished) {
                    List<String> row = new ArrayList<>(j.manifestRow());
                    // A frame folder of the input stays where it is; a video's frames are ours.
                    row.set(PATH, j.isFrameFolder() ? relative(base, j.video()) : j.id() + "/frames");
                    p.printRecord(row);
                }
                p.flush();
            });
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, target + ": cannot write manifest (" + e.getMessage() + ")", e);
        }
    }
}
