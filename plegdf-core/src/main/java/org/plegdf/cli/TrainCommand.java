package org.plegdf.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.data.Folds;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.model.ModelConfig;
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

    @CommandLine.Mixin RunOptions options;

    @Option(names = "--fold", paramLabel = "I", description = "Hold out cross-validation fold I (folds.csv from import --folds) as the dev split; test stays test.")
    Integer fold;

    @Override
    public Integer call() {
        if (resume != null) {
            return resume();
        }
        if (data == null || out == null) {
            throw new PlegdfException(ExitCodes.USAGE, "train needs --data DIR and --out RUN (or --resume RUN)");
        }
        RunConfig rc = options.resolve(data, false);
        ModelConfig mc = rc.model;
        TrainConfig tc = rc.training;
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
        options.applyRuntime(rc.training);
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
