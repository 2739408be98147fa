package org.plegdf.store;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.Safetensors;
import org.plegdf.model.StateDict;
import org.plegdf.util.BuildInfo;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * A model folder: {@code config.json} (the {@link ModelConfig}) and {@code weights.safetensors}
 * (every parameter and BatchNorm statistic under its PyTorch name). Both are written atomically.
 */
public final class ModelStore {
    /** The configuration file of a model folder. */
    public static final String CONFIG = "config.json";
    /** The weights file of a model folder. */
    public static final String WEIGHTS = "weights.safetensors";

    private ModelStore() {}

    /**
     * @param net an initialised network
     * @param dir the model folder (created if needed)
     */
    public static void save(PlegdfFglscfNet net, Path dir) {
        try {
            Files.createDirectories(dir);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "plegdf");
            meta.put("format_version", Integer.toString(ModelConfig.FORMAT_VERSION));
            meta.put("plegdf_version", BuildInfo.version());
            Safetensors.write(dir.resolve(WEIGHTS), StateDict.extract(net), meta);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, "cannot write model to " + dir + ": " + e.getMessage(), e);
        }
        Json.write(dir.resolve(CONFIG), net.config());
    }

    /**
     * Reads and validates a model folder's configuration.
     *
     * @param dir the model folder
     * @return its configuration
     * @throws PlegdfException ({@link ExitCodes#BAD_MODEL}) when the folder is missing, is not a
     *     model folder, or its configuration is unreadable or from a newer plegdf
     */
    public static ModelConfig readConfig(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, dir + ": model folder not found");
        }
        Path cfgFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(cfgFile) || !Files.isRegularFile(dir.resolve(WEIGHTS))) {
            throw new PlegdfException(ExitCodes.BAD_MODEL,
                    dir + ": not a plegdf model folder (needs " + CONFIG + " and " + WEIGHTS + ")");
        }
        try {
            return ModelConfig.read(cfgFile);
        } catch (PlegdfException e) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, e.getMessage(), e);
        }
    }

    /**
     * Builds the network a model folder describes and loads its weights, strictly. BatchNorm's
     * {@code num_batches_tracked}, which a PyTorch state_dict has and plegdf does not keep, is
     * ignored, so a folder whose weights were saved from the PyTorch reference loads too.
     *
     * @param dir the model folder
     * @param manager manager (and so device) for the parameters
     * @return the initialised network
     * @throws PlegdfException ({@link ExitCodes#BAD_MODEL}) naming the folder and the problem
     */
    public static PlegdfFglscfNet load(Path dir, NDManager manager) {
        ModelConfig cfg = readConfig(dir);
        Path weights = dir.resolve(WEIGHTS);
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(weights);
        } catch (PlegdfException e) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, e.getMessage(), e);
        }
        PlegdfFglscfNet net = new PlegdfFglscfNet(cfg);
        net.initialize(manager, DataType.FLOAT32, net.inputShape(1));
        StateDict.LoadReport r = StateDict.load(net, contents.tensors(), StateDict::isBatchCounter);
        if (!r.isExact()) {
            throw new PlegdfException(ExitCodes.BAD_MODEL,
                    weights + ": weights do not match the configuration in " + CONFIG + ": " + r.problems());
        }
        return net;
    }
}
