package org.plegdf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.data.Folds;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.model.ModelConfig;
import org.plegdf.store.RunFiles;
import org.plegdf.train.Checkpoint;
import org.plegdf.train.RunConfig;
import org.plegdf.train.RunInfo;
import org.plegdf.train.TrainConfig;
import org.plegdf.train.TrainingRun;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code plegdf train}: trains the network on a dataset and keeps the best model on the dev split. */
@Command(name = "train", description = "Train on a dataset (manifest.csv), select the model on the dev split's video-level RMSE.")
public final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
        Manifest manifest = Folds.select(ManifestReader.read(data, mc.scale.max()), tc.fold, tc.foldsFile);
        report(new TrainingRun(manifest, mc, tc.validate(), out).run(), out);
        return 0;
    }

    /**
     * A resumed run keeps its recorded configuration: a flag that would change it is refused with
     * the recorded value, except --epochs N, which may extend the run.
     */
    private int resume() {
        RunFiles files = new RunFiles(resume);
        RunConfig rc = RunConfig.of(files);
        Path dataPath = recordedData(files);
        List<String> conflicts = new ArrayList<>(options.conflictsWith(rc));
        if (data != null && !sameManifest(data, dataPath)) {
            conflicts.add("--data " + data + " (the run trained on " + dataPath + ")");
        }
        if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            conflicts.add("--out " + out + " (a resumed run stays in " + resume + ")");
        }
        if (fold != null && !fold.equals(rc.training.fold)) {
            conflicts.add("--fold " + fold + " (the run has " + rc.training.fold + ")");
        }
        if (!conflicts.isEmpty()) {
            throw new PlegdfException(ExitCodes.USAGE, resume + ": cannot change a run on --resume: " + String.join("; ", conflicts)
                    + "; start a new run with another --out instead");
        }
        Integer epochs = options.epochs;
        if (epochs != null && epochs != rc.training.epochs) {
            int done = Checkpoint.latest(resume).map(c -> Checkpoint.readState(c).epoch()).orElse(0);
            if (epochs < done) {
                throw new PlegdfException(ExitCodes.USAGE, resume + ": --epochs " + epochs + " but " + done + " epochs are done already");
            }
            out().printf("%s %s from %d to %d epochs (the learning-rate schedule is fitted to the new length)%n",
                    epochs > rc.training.epochs ? "extending" : "shortening", resume, rc.training.epochs, epochs);
            rc.training.epochs = epochs;
        }
        options.applyRuntime(rc.training);
        Manifest manifest = Folds.select(ManifestReader.read(dataPath, rc.model.scale.max()), rc.training.fold, rc.training.foldsFile);
        report(new TrainingRun(manifest, rc.model, rc.training, resume).run(true), resume);
        return 0;
    }

    private static Path recordedData(RunFiles files) {
        try {
            return Path.of(RunInfo.read(files).data());
        } catch (PlegdfException | NullPointerException e) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, files.runInfo() + ": cannot tell which data the run used", e);
        }
    }

    private static boolean sameManifest(Path given, Path recorded) {
        Path g = given.toAbsolutePath().normalize();
        Path r = recorded.toAbsolutePath().normalize();
        return g.equals(r) || g.resolve(Manifest.FILE_NAME).equals(r) || g.equals(r.getParent());
    }

    private void report(TrainingRun.Result r, Path out) {
        out().printf(Locale.ROOT, "best epoch %d: dev RMSE %.2f, MAE %.2f (mean predictor RMSE %.2f, MAE %.2f); %.0f s%n",
                r.bestEpoch(), r.bestDev().rmse(), r.bestDev().mae(), r.bestDev().baselineRmse(), r.bestDev().baselineMae(), r.seconds());
        out().printf("model: %s%nplots: %s%n", new RunFiles(out).modelDir(), new RunFiles(out).plots());
        // Last, so it is the line a user (or a script's tail) sees: a warning, not an error (exit 0).
        r.warning().ifPresent(w -> out().println(w));
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
