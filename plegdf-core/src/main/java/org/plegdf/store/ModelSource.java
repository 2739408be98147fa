package org.plegdf.store;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.store.ModelStore;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.FileTrees;
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

    /**
     * A loaded model.
     *
     * @param net the network with its weights
     * @param madeBy the plegdf version that wrote it, when it says (bundles), else null
     * @param devRmse the video-level dev RMSE its run reached, or null when unknown
     * @param devBaselineRmse the mean predictor's RMSE on the same dev videos, or null when unknown
     */
    public record Loaded(PlegdfFglscfNet net, String madeBy, Double devRmse, Double devBaselineRmse) {}

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
     * Builds the network and loads its weights (a bundle is unpacked into a temporary folder that is
     * removed again).
     *
     * @param manager manager (and so device) for the parameters
     * @return the model
     * @throws PlegdfException BAD_MODEL naming the path (for a bundle, the bundle) and the problem
     */
    public Loaded load(NDManager manager) {
        checkFormatVersion();
        if (kind != Kind.BUNDLE) {
            return new Loaded(ModelStore.load(modelDir, manager), null, devRmse(), devBaselineRmse());
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory("plegdf-bundle-");
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, path + ": cannot unpack the bundle: " + e.getMessage(), e);
        }
        try {
            ModelBundle.Manifest m = ModelBundle.unpack(path, tmp);
            return new Loaded(ModelStore.load(tmp, manager), m.plegdfVersion(), m.devRmse(), m.devBaselineRmse());
        } catch (PlegdfException e) {
            // The unpacked folder is a temporary name: report the bundle the user gave.
            throw new PlegdfException(e.exitCode(), e.getMessage().replace(tmp.toString(), path + "!"), e);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException e) {
            // A leftover temporary folder is harmless; the prediction does not depend on it.
        }
    }

    /**
     * Refuses a model folder written by a newer plegdf by its version number, before the strict
     * configuration reader would stumble over a field it does not know.
     *
     * @throws PlegdfException BAD_MODEL naming the folder and both versions
     */
    public void checkFormatVersion() {
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
        return result().map(ResultFile::devRmse).orElse(null);
    }

    /** @return the mean predictor's RMSE on the run's dev videos, or null when unknown */
    public Double devBaselineRmse() {
        if (kind == Kind.BUNDLE) {
            return ModelBundle.readManifest(path).devBaselineRmse();
        }
        return result().map(ResultFile::devBaselineRmse).orElse(null);
    }

    private java.util.Optional<ResultFile> result() {
        try {
            return RunFiles.around(modelDir).flatMap(ResultFile::read);
        } catch (PlegdfException e) {
            // Only reported beside the prediction: a damaged result.json does not stop one.
            return java.util.Optional.empty();
        }
    }
}
