package org.plegdf.spark;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * The cohort: every video under a folder, or the rows of a manifest CSV ({@code path} column, and
 * optionally {@code video_id}; relative paths are resolved against the manifest's folder). A video
 * that is listed but missing or unreadable is not an error here: it becomes an error row.
 */
public final class VideoInputs {
    /** File name endings taken as videos when a folder is given. */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "avi", "mov", "mkv", "webm", "m4v", "mpg", "mpeg", "wmv", "flv");

    private VideoInputs() {}

    /**
     * @param input a videos folder (searched recursively, hidden entries skipped) or a manifest .csv
     * @return the videos, in folder order or manifest order
     * @throws PlegdfException USAGE when the input is missing, holds no video, or two videos would share an id
     */
    public static List<CohortVideo> read(Path input) {
        List<CohortVideo> videos;
        if (Files.isDirectory(input)) {
            videos = folder(input);
        } else if (Files.isRegularFile(input) && input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            videos = manifest(input);
        } else {
            throw new PlegdfException(ExitCodes.USAGE, input + ": not a videos folder or a manifest .csv");
        }
        if (videos.isEmpty()) {
            throw new PlegdfException(ExitCodes.USAGE, input + ": no videos (" + (Files.isDirectory(input)
                    ? "no file ending in ." + String.join(", .", VIDEO_EXTENSIONS.stream().sorted().toList()) : "the manifest has no rows") + ")");
        }
        return videos;
    }

    private static List<CohortVideo> folder(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> Files.isRegularFile(p) && isVideo(p) && !hidden(root.relativize(p))).sorted().toList();
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.USAGE, dir + ": cannot list the folder: " + e.getMessage(), e);
        }
        Map<String, Path> ids = new HashMap<>();
        List<CohortVideo> out = new ArrayList<>();
        for (Path f : files) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            String id = rel.substring(0, rel.lastIndexOf('.'));
            Path other = ids.putIfAbsent(id, f);
            if (other != null) {
                throw new PlegdfException(ExitCodes.USAGE, f + " and " + other + " would both be video_id " + id
                        + "; rename one or list the videos in a manifest .csv with a video_id column");
            }
            out.add(new CohortVideo(id, f.toString()));
        }
        return out;
    }

    private static List<CohortVideo> manifest(Path csv) {
        Path base = csv.toAbsolutePath().normalize().getParent();
        List<CohortVideo> out = new ArrayList<>();
        Map<String, Long> ids = new HashMap<>();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true)
                        .build().parse(r)) {
            if (!p.getHeaderNames().contains("path")) {
                throw new PlegdfException(ExitCodes.USAGE, csv + ": no 'path' column (columns: path, and optionally video_id)");
            }
            boolean hasId = p.getHeaderNames().contains("video_id");
            for (CSVRecord rec : p) {
                long line = rec.getRecordNumber() + 1;
                String path = rec.isSet("path") ? rec.get("path") : "";
                if (path.isEmpty()) {
                    throw new PlegdfException(ExitCodes.USAGE, csv + ": line " + line + ": empty path");
                }
                Path file = base.resolve(path).normalize();
                String name = file.getFileName().toString();
                String id = hasId && rec.isSet("video_id") && !rec.get("video_id").isEmpty() ? rec.get("video_id")
                        : name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
                Long first = ids.putIfAbsent(id, line);
                if (first != null) {
                    throw new PlegdfException(ExitCodes.USAGE, csv + ": line " + line + ": video_id " + id + " again (first on line " + first + ")");
                }
                out.add(new CohortVideo(id, file.toString()));
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new PlegdfException(ExitCodes.USAGE, csv + ": cannot read the manifest: " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean isVideo(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
