package org.plegdf.train;

import java.nio.file.Files;
import java.nio.file.Path;
import org.plegdf.model.ModelStore;

/**
 * Finds the parts of a training run given either the run folder ({@code RUN/}) or its model
 * folder ({@code RUN/model/}), so every command accepts both.
 *
 * @param modelDir the model folder (config.json + weights.safetensors)
 * @param trainConfig the run's training settings, or defaults when the model stands alone
 */
public record RunFolder(Path modelDir, TrainConfig trainConfig) {

    /**
     * @param path a run folder or a model folder
     * @return where its model and training settings are
     */
    public static RunFolder of(Path path) {
        Path modelDir = Files.isRegularFile(path.resolve(ModelStore.CONFIG)) ? path : path.resolve("model");
        Path runDir = modelDir.getParent() == null ? modelDir : modelDir.getParent();
        Path train = runDir.resolve("train.json");
        TrainConfig tc = Files.isRegularFile(train) ? TrainConfig.read(train) : new TrainConfig();
        if (Files.isDirectory(modelDir) || !Files.isDirectory(path)) {
            return new RunFolder(modelDir, tc);
        }
        return new RunFolder(path, tc); // let ModelStore name the folder the user gave
    }
}
