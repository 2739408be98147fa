package org.plegdf.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.plegdf.util.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finished rows of a scoring output, one small JSON file per video in {@code OUT/parts/}, each
 * written by its executor the moment the video is done (temporary file, then rename). A job killed
 * midway loses at most the videos being scored; the next run reads these back and goes on. The tables
 * (predictions.csv, predictions.parquet) are made from them at the end.
 */
public final class PartStore {
    private static final Logger LOG = LoggerFactory.getLogger(PartStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Path dir;

    /** @param out the scoring output folder */
    public PartStore(Path out) {
        this.dir = out.resolve("parts");
    }

    /** @return the parts folder */
    public Path dir() {
        return dir;
    }

    /**
     * @param row a finished video's row; replaces what an earlier run wrote for it
     * @throws IOException when the folder cannot be written
     */
    public void write(PredictionRow row) throws IOException {
        AtomicFiles.write(file(row.videoId()), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(row));
    }

    /**
     * @param videoId a video's id
     * @return its row, when one was written and is readable
     */
    public Optional<PredictionRow> read(String videoId) {
        Path f = file(videoId);
        return Files.isRegularFile(f) ? parse(f).filter(r -> r.videoId().equals(videoId)) : Optional.empty();
    }

    /** @return every readable row, by video id; an unreadable part is skipped with a warning (that video is scored again) */
    public Map<String, PredictionRow> readAll() {
        Map<String, PredictionRow> rows = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            LOG.warn("{}: cannot list the finished rows ({}); every video is scored again", dir, e.getMessage());
            return rows;
        }
        for (Path f : files) {
            parse(f).ifPresent(r -> rows.put(r.videoId(), r));
        }
        return rows;
    }

    private Optional<PredictionRow> parse(Path f) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(f), PredictionRow.class));
        } catch (IOException e) {
            LOG.warn("{}: unreadable finished row ({}); that video is scored again", f, e.getMessage());
            return Optional.empty();
        }
    }

    /** A file name from the id's hash: ids may hold '/' and any character. */
    private Path file(String videoId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(videoId.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
