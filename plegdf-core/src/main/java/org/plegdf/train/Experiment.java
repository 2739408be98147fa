package org.plegdf.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.plegdf.data.Manifest;
import org.plegdf.data.Split;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.TorchNames;
import org.plegdf.store.RunFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * Train, then evaluate on the test split: the unit of the demo and of the ablation study. A run
 * folder that already finished is reused, one that was interrupted is resumed.
 */
public final class Experiment {

    /**
     * One trained and evaluated configuration.
     *
     * @param name a label (e.g. the ablation)
     * @param parameters trainable parameters of the network
     * @param trainSeconds training wall time (0 when a finished run was reused)
     * @param bestEpoch the epoch selected on dev
     * @param test the test-split evaluation
     */
    public record Outcome(
            @JsonProperty("name") String name,
            @JsonProperty("parameters") long parameters,
            @JsonProperty("train_seconds") double trainSeconds,
            @JsonProperty("best_epoch") int bestEpoch,
            @JsonProperty("test") Evaluation.Report test) {}

    private Experiment() {}

    /**
     * @param name a label for reports
     * @param data the dataset
     * @param model the network
     * @param training the training settings
     * @param runDir the run folder (its evaluation goes to runDir/test)
     * @return what it achieved
     */
    public static Outcome run(String name, Manifest data, ModelConfig model, TrainConfig training, Path runDir) {
        return run(name, data, model, training, runDir, false);
    }

    /**
     * A run folder is reused (finished) or resumed (interrupted) only when it was made with the
     * settings asked for now; otherwise it is refused, naming the differences, or with
     * {@code force} cleared and trained again.
     *
     * @param name a label for reports
     * @param data the dataset
     * @param model the network
     * @param training the training settings
     * @param runDir the run folder (its evaluation goes to runDir/test)
     * @param force redo a run folder made with other settings
     * @return what it achieved
     */
    public static Outcome run(String name, Manifest data, ModelConfig model, TrainConfig training, Path runDir, boolean force) {
        TrainingRun.Result r = trainOrReuse(data, model, training, runDir, force);
        // scoring runs on one device: the first of a data-parallel list
        String scoringDevice = training.device.split(",")[0].trim();
        Evaluation.Report test = Evaluation.run(RunFolder.of(runDir), data, Split.TEST, runDir.resolve("test"), scoringDevice);
        return new Outcome(name, trainableParameters(model), r.seconds(), r.bestEpoch(), test);
    }

    /**
     * The training half of {@link #run(String, Manifest, ModelConfig, TrainConfig, Path, boolean)}:
     * a finished run folder made with these settings is reused, an interrupted one resumed, one
     * made with other settings refused (naming the differences) or, with {@code force}, trained again.
     *
     * @param data the dataset
     * @param model the network
     * @param training the training settings
     * @param runDir the run folder
     * @param force redo a run folder made with other settings
     * @return the training result ({@code seconds} 0 when a finished run was reused)
     */
    public static TrainingRun.Result trainOrReuse(Manifest data, ModelConfig model, TrainConfig training, Path runDir, boolean force) {
        RunFiles files = new RunFiles(runDir);
        if (Files.isRegularFile(files.runConfig())) {
            List<String> differences = RunConfig.of(files).differences(TrainingRun.asRecorded(data, model, training));
            if (!differences.isEmpty() && !force) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, runDir + ": holds a run made with other settings ("
                        + String.join("; ", differences) + "); use another --out, or --force to train it again");
            }
            if (!differences.isEmpty()) {
                files.clear();
            }
        }
        TrainingRun.Result r;
        if (files.finished()) {
            r = Json.read(files.result(), TrainingRun.Result.class, ExitCodes.BAD_MODEL);
            r = new TrainingRun.Result(r.runDir(), r.bestEpoch(), r.bestDev(), 0);
        } else {
            boolean resume = Checkpoint.latest(runDir).isPresent();
            r = new TrainingRun(data, model, training, runDir).run(resume);
        }
        return r;
    }

    /**
     * @param model a configuration
     * @return the trainable parameter count of the network it builds
     */
    public static long trainableParameters(ModelConfig model) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(model);
            net.initialize(m, DataType.FLOAT32, net.inputShape(1));
            return TorchNames.of(net).values().stream()
                    .filter(p -> p.requiresGradient())
                    .mapToLong(p -> p.getShape().size())
                    .sum();
        }
    }
}
