package org.plegdf.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import org.plegdf.data.Manifest;
import org.plegdf.data.Split;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.TorchNames;

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
        TrainingRun.Result r;
        if (Files.isRegularFile(runDir.resolve("result.json"))) {
            r = org.plegdf.util.Json.read(runDir.resolve("result.json"), TrainingRun.Result.class, org.plegdf.util.ExitCodes.BAD_MODEL);
            r = new TrainingRun.Result(r.runDir(), r.bestEpoch(), r.bestDev(), 0);
        } else {
            boolean resume = Checkpoint.latest(runDir).isPresent();
            r = new TrainingRun(data, model, training, runDir).run(resume);
        }
        Evaluation.Report test = Evaluation.run(RunFolder.of(runDir), data, Split.TEST, runDir.resolve("test"), training.device);
        return new Outcome(name, trainableParameters(model), r.seconds(), r.bestEpoch(), test);
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
