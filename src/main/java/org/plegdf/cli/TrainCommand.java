package org.plegdf.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.plegdf.data.DatasetInfo;
import org.plegdf.data.Folds;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.RatingScale;
import org.plegdf.train.RunConfig;
import org.plegdf.train.TrainConfig;
import org.plegdf.train.TrainingRun;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plegdf train}: trains the network on a dataset and keeps the best model on the dev split. */
@Command(name = "train", description = "Train on a dataset (manifest.csv), select the model on the dev split's video-level RMSE.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", description = "Dataset folder holding manifest.csv (or the manifest itself).")
    Path data;

    @Option(names = "--out", description = "Run folder to write (config.json, history.csv, model/, plots/, checkpoints/).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue a killed or stopped run from its last complete epoch.")
    Path resume;

    @Option(names = "--config", description = "Run configuration JSON (like a run folder's run_config.json) with optional \"model\" and \"training\" sections (docs/configuration.md).")
    Path config;

    @CommandLine.Mixin ModelOptions model;

    @Option(names = "--epochs", description = "Epochs (default 50).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Frames per batch (default 32).")
    Integer batchSize;

    @Option(names = "--seed", description = "Seed of every random choice (default 42).")
    Long seed;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default auto).")
    String device;

    @Option(names = "--workers", description = "Image decoding threads (default: cores).")
    Integer workers;

    @Option(names = "--scale", description = "Rating scale of the labels: BDI-II, PHQ-8, PHQ-9, HAM-D (default: the dataset's dataset.json, else BDI-II).")
    String scale;

    @Option(names = "--fold", paramLabel = "I", description = "Hold out cross-validation fold I (folds.csv from import --folds) as the dev split; test stays test.")
    Integer fold;

    @Option(names = "--cpu-defaults", description = "Start from the quick CPU settings of the demo (resnet18-quarter at 112 px, 8 epochs).")
    boolean cpuDefaults;

    @Override
    public Integer call() {
        if (resume != null) {
            return resume();
        }
        if (data == null || out == null) {
            throw new PlegdfException(ExitCodes.USAGE, "train needs --data DIR and --out RUN (or --resume RUN)");
        }
        RunConfig rc = config != null ? RunConfig.read(config) : new RunConfig();
        if (cpuDefaults && config == null) {
            rc.model = ModelConfig.cpuDefaults();
            rc.training = TrainConfig.cpuDemo();
        }
        Optional<DatasetInfo> dataset = DatasetInfo.find(data);
        if (scale != null) {
            try {
                rc.model.scale = RatingScale.byName(scale);
            } catch (IllegalArgumentException e) {
                throw new PlegdfException(ExitCodes.BAD_CONFIG, e.getMessage(), e);
            }
            if (dataset.isPresent() && !dataset.get().scale().name().equals(rc.model.scale.name())) {
                throw new PlegdfException(ExitCodes.BAD_CONFIG, "--scale " + rc.model.scale.name() + " but the labels of " + data
                        + " are on " + dataset.get().scale().name() + " (its " + DatasetInfo.FILE_NAME + ")");
            }
        } else if (dataset.isPresent()) {
            // the scale the labels were imported on, so the model and its reports speak it
            rc.model.scale = dataset.get().scale();
        }
        ModelConfig mc = model.resolve(rc.model);
        TrainConfig tc = rc.training.copy();
        if (epochs != null) {
            tc.epochs = epochs;
        }
        if (batchSize != null) {
            tc.batchSize = batchSize;
        }
        if (seed != null) {
            tc.seed = seed;
        }
        if (device != null) {
            tc.device = device;
        }
        if (workers != null) {
            tc.workers = workers;
        }
        if (fold != null) {
            tc.fold = fold;
        }
        Manifest manifest = Folds.select(ManifestReader.read(data, mc.scale.max()), tc.fold);
        report(new TrainingRun(manifest, mc, tc.validate(), out).run(), out);
        return 0;
    }

    private int resume() {
        RunConfig rc = TrainingRun.configOf(resume);
        Path dataPath = data;
        if (dataPath == null) {
            try {
                dataPath = Path.of(Json.mapper().readTree(resume.resolve("run.json").toFile()).get("data").asText());
            } catch (java.io.IOException | NullPointerException e) {
                throw new PlegdfException(ExitCodes.BAD_MODEL, resume.resolve("run.json") + ": cannot tell which data the run used; give --data", e);
            }
        }
        if (device != null) {
            rc.training.device = device;
        }
        if (workers != null) {
            rc.training.workers = workers;
        }
        Manifest manifest = Folds.select(ManifestReader.read(dataPath, rc.model.scale.max()), rc.training.fold);
        report(new TrainingRun(manifest, rc.model, rc.training, resume).run(true), resume);
        return 0;
    }

    private static void report(TrainingRun.Result r, Path out) {
        System.out.printf(Locale.ROOT, "best epoch %d: dev RMSE %.2f, MAE %.2f (mean predictor RMSE %.2f, MAE %.2f); %.0f s%n",
                r.bestEpoch(), r.bestDev().rmse(), r.bestDev().mae(), r.bestDev().baselineRmse(), r.bestDev().baselineMae(), r.seconds());
        System.out.printf("model: %s%nplots: %s%n", out.resolve("model"), out.resolve("plots"));
    }
}
