package org.plegdf.train;

import java.nio.file.Files;
import java.nio.file.Path;

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
        boolean isRun = Files.isDirectory(path.resolve("model"));
        Path modelDir = isRun ? path.resolve("model") : path;
        Path runConfig = (isRun ? path : modelDir.toAbsolutePath().getParent()).resolve(TrainingRun.RUN_CONFIG);
        TrainConfig tc = Files.isRegularFile(runConfig) ? RunConfig.read(runConfig).training : new TrainConfig();
        return new RunFolder(modelDir, tc);
    }

}
