package org.plegdf.predict;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.ModelStore;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * What a {@code --model} path is: a training run folder (holding {@code model/}), a model folder
 * ({@code config.json} + {@code weights.safetensors}) or a single-file bundle ({@code plegdf export}).
 *
 * @param kind which of the three
 * @param path the path as given
 * @param modelDir the model folder (null for a bundle)
 */
public record ModelSource(Kind kind, Path path, Path modelDir) {

    /** The three forms a model comes in. */
    public enum Kind {
        /** A training run folder. */
        RUN,
        /** A model folder. */
        MODEL_FOLDER,
        /** A single-file bundle. */
        BUNDLE;

        /** @return the name used in prediction.json */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param path a run folder, a model folder or a bundle file
     * @return what it is
     * @throws PlegdfException BAD_MODEL when it is none of them (or does not exist)
     */
    public static ModelSource of(Path path) {
        if (Files.isRegularFile(path)) {
            return new ModelSource(Kind.BUNDLE, path, null);
        }
        if (!Files.isDirectory(path)) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, path + ": model not found");
        }
        if (isModelFolder(path)) {
            return new ModelSource(Kind.MODEL_FOLDER, path, path);
        }
        if (isModelFolder(path.resolve("model"))) {
            return new ModelSource(Kind.RUN, path, path.resolve("model"));
        }
        throw new PlegdfException(ExitCodes.BAD_MODEL, path + ": not a plegdf model (expected a training run folder with model/, "
                + "a model folder with " + ModelStore.CONFIG + " and " + ModelStore.WEIGHTS + ", or a .plegdf bundle)");
    }

    private static boolean isModelFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(ModelStore.CONFIG)) && Files.isRegularFile(dir.resolve(ModelStore.WEIGHTS));
    }

    /**
     * Refuses a model folder written by a newer plegdf by its version number, before the strict
     * configuration reader would stumble over a field it does not know.
     *
     * @throws PlegdfException BAD_MODEL naming the folder and both versions
     */
    void checkFormatVersion() {
        if (modelDir == null) {
            return;
        }
        Path cfg = modelDir.resolve(ModelStore.CONFIG);
        int v;
        try {
            v = Json.mapper().readTree(cfg.toFile()).path("format_version").asInt(ModelConfig.FORMAT_VERSION);
        } catch (IOException e) {
            // The configuration reader names the problem precisely.
            return;
        }
        if (v > ModelConfig.FORMAT_VERSION) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, cfg + ": model format version " + v
                    + " is newer than this plegdf understands (" + ModelConfig.FORMAT_VERSION + "); upgrade plegdf");
        }
    }

    /**
     * @return the video-level dev RMSE the training run reached (its result.json), or null when this
     *     is not a finished run
     */
    public Double devRmse() {
        if (kind == Kind.BUNDLE) {
            return ModelBundle.readManifest(path).devRmse();
        }
        Path result = modelDir.toAbsolutePath().getParent().resolve("result.json");
        if (!Files.isRegularFile(result)) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(result.toFile()).path("bestDev").path("rmse");
            return n.isNumber() ? n.asDouble() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
