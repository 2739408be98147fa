package org.plegdf.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.plegdf.model.PreprocessingConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * Reads how a dataset's face crops were made from the {@code preprocess-summary.json} that
 * {@code plegdf preprocess} leaves in its output folder, so the trained model can carry those
 * settings to {@code plegdf predict}.
 */
final class DatasetPreprocessing {
    /** The summary file {@code plegdf preprocess} writes (PreprocessRun.SUMMARY). */
    static final String SUMMARY = "preprocess-summary.json";

    private DatasetPreprocessing() {}

    /**
     * @param datasetDir the dataset folder (the manifest's folder)
     * @param fallback the settings to keep when the folder has no summary
     * @return the summary's settings, or a copy of {@code fallback}
     * @throws PlegdfException ({@link ExitCodes#BAD_DATASET}) when a summary exists but is unreadable
     */
    static PreprocessingConfig of(Path datasetDir, PreprocessingConfig fallback) {
        Path file = datasetDir.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) {
            return fallback;
        }
        try {
            JsonNode s = Json.mapper().readTree(file.toFile()).path("settings");
            if (!s.path("size").isInt() || !s.path("every").isInt() || !s.path("detector").isTextual() || !s.path("minFace").isNumber()) {
                throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": no readable \"settings\" (size, every, detector, minFace)");
            }
            PreprocessingConfig p = new PreprocessingConfig();
            p.cropSize = s.get("size").asInt();
            p.frameStep = s.get("every").asInt();
            p.detector = s.get("detector").asText().toLowerCase(Locale.ROOT);
            p.minFace = s.get("minFace").asDouble();
            p.source = file.toAbsolutePath().normalize().toString();
            p.validate();
            return p;
        } catch (IOException | IllegalArgumentException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, file + ": cannot read the preprocessing settings: " + e.getMessage(), e);
        }
    }
}
