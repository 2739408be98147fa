package org.plegdf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.plegdf.data.ManifestReader;
import org.plegdf.train.CrossValidation;
import org.plegdf.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code plegdf cv}: subject-grouped k-fold cross-validation, one training run per fold, one table. */
@Command(name = "cv", description = "Subject-grouped k-fold cross-validation: pool the train and dev videos, hold out each fold once "
        + "(a training run in OUT/fold-i), write OUT/cv.json and print the table. Re-running resumes.")
public final class CvCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, description = "Dataset folder holding manifest.csv (its folds.csv is used when it has K folds).")
    Path data;

    @Option(names = "--folds", required = true, paramLabel = "K", description = "Number of folds (at least 2, at most the number of subjects).")
    int folds;

    @Option(names = "--out", required = true, description = "Folder for folds.csv, one run per fold (fold-1 ... fold-K) and cv.json; "
            + "re-running reuses or resumes the folds made with the same settings.")
    Path out;

    @Option(names = "--force", description = "Train again the folds in --out that were made with other settings or other folds (otherwise they are refused).")
    boolean force;

    @CommandLine.Mixin RunOptions options;

    @Override
    public Integer call() {
        RunConfig rc = options.resolve(data, false);
        CrossValidation.Report r = CrossValidation.run(ManifestReader.read(data, rc.model.scale.max()), rc.model, rc.training, folds, out,
                force, line -> out().println(line));
        out().println("wrote " + out.resolve(CrossValidation.RESULT));
        // The table ends with the mean-predictor warnings, so the last line says whether it learned anything.
        out().print(CrossValidation.table(r));
        out().flush();
        return 0;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
