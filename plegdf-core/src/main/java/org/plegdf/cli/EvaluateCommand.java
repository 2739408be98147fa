package org.plegdf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.data.Folds;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.Split;
import org.plegdf.store.ModelBundle;
import org.plegdf.store.ModelSource;
import org.plegdf.store.ModelStore;
import org.plegdf.train.Evaluation;
import org.plegdf.train.RunFolder;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plegdf evaluate}: video-level metrics of a trained model on one split, beside the mean predictor. */
@Command(name = "evaluate", description = "Video-level RMSE, MAE, PCC, CCC of a trained model on one split, against the mean predictor.")
public final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "A training run folder, its model/ folder, or a .plegdf bundle.")
    Path model;

    @Option(names = "--data", required = true, description = "Dataset folder holding manifest.csv.")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "train, dev or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", required = true, description = "Folder for metrics.json and scatter.png.")
    Path out;

    @CommandLine.Mixin DeviceOption deviceOption;

    @Override
    public Integer call() {
        Split s = Split.parse(split).orElseThrow(() ->
                new PlegdfException(ExitCodes.USAGE, "unknown split '" + split + "' (use train, dev or test)"));
        RunFolder run = RunFolder.of(model);
        ModelSource src = ModelSource.of(model);
        double scaleMax = src.kind() == ModelSource.Kind.BUNDLE ? ModelBundle.readManifest(model).scaleMax() : ModelStore.readConfig(src.modelDir()).scale.max();
        // a model trained on one fold is evaluated on that fold's dev split and train mean
        Manifest manifest = Folds.selectWhenPresent(ManifestReader.read(data, scaleMax), run.trainConfig().fold, run.trainConfig().foldsFile);
        Evaluation.Report r = Evaluation.run(run, manifest, s, out, deviceOption.device());
        out().printf(Locale.ROOT, "%s: %d videos  RMSE %.2f  MAE %.2f  PCC %.3f  CCC %.3f   mean predictor: RMSE %.2f  MAE %.2f%n",
                r.split(), r.videos(), r.rmse(), r.mae(), r.pcc(), r.ccc(), r.baseline().rmse(), r.baseline().mae());
        if (r.unlabelledExcluded() > 0) {
            out().printf("%d unlabelled %s video(s) excluded from the metrics%n", r.unlabelledExcluded(), r.split());
        }
        out().printf("metrics: %s%n", out.resolve(Evaluation.METRICS));
        return 0;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
