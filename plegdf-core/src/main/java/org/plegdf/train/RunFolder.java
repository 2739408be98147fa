package org.plegdf.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.plegdf.store.RunFiles;

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
        Optional<RunFiles> run = RunFiles.around(path);
        Path modelDir = Files.isDirectory(path.resolve(RunFiles.MODEL)) ? path.resolve(RunFiles.MODEL) : path;
        TrainConfig tc = run.filter(r -> Files.isRegularFile(r.runConfig())).map(r -> RunConfig.read(r.runConfig()).training).orElseGet(TrainConfig::new);
        return new RunFolder(modelDir, tc);
    }

}
