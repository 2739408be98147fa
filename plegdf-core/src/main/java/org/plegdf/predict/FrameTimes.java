package org.plegdf.predict;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.plegdf.preprocess.VideoPreprocessor;

/**
 * Frame numbers and times of a frame folder. A folder written by {@code plegdf preprocess}
 * ({@code <video>/frames/}) has a {@code faces.csv} beside it with each crop's frame index and time;
 * otherwise a file named by a number ({@code 000123.png}) is that frame, and times are unknown.
 */
final class FrameTimes {
    /** A frame's index and time (null when unknown). */
    record Stamp(long frame, Double time) {}

    private final Map<String, Stamp> byFile;

    private FrameTimes(Map<String, Stamp> byFile) {
        this.byFile = byFile;
    }

    /**
     * @param frameDir a frame folder
     * @return its stamps from faces.csv, or an empty table when there is none (or it is unreadable:
     *     the stamps only label the timeline, they never change a score)
     */
    static FrameTimes of(Path frameDir) {
        Map<String, Stamp> map = new HashMap<>();
        Path parent = frameDir.toAbsolutePath().normalize().getParent();
        Path csv = parent == null ? null : parent.resolve(VideoPreprocessor.FACES_CSV);
        if (csv != null && Files.isRegularFile(csv)) {
            try (Reader r = Files.newBufferedReader(csv)) {
                for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                    Path file = parent.resolve(row.get("file")).normalize();
                    if (file.getParent() != null && file.getParent().equals(frameDir.toAbsolutePath().normalize())) {
                        map.put(file.getFileName().toString(), new Stamp(Long.parseLong(row.get("frame")), Double.valueOf(row.get("time_s"))));
                    }
                }
            } catch (IOException | RuntimeException e) {
                map.clear();
            }
        }
        return new FrameTimes(map);
    }

    /**
     * @param file a frame file of the folder
     * @param position its position in name order
     * @return its frame index and time
     */
    Stamp of(Path file, int position) {
        String name = file.getFileName().toString();
        Stamp s = byFile.get(name);
        if (s != null) {
            return s;
        }
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        if (!stem.isEmpty() && stem.length() < 18 && stem.chars().allMatch(Character::isDigit)) {
            return new Stamp(Long.parseLong(stem), null);
        }
        return new Stamp(position, null);
    }
}
