package org.plegdf.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.data.Folds;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.Split;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.ModelStore;
import org.plegdf.train.Evaluation;
import org.plegdf.train.RunFolder;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plegdf evaluate}: video-level metrics of a trained model on one split, beside the mean predictor. */
@Command(name = "evaluate", description = "Video-level RMSE, MAE, PCC, CCC of a trained model on one split, against the mean predictor.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A training run folder or its model/ folder.")
    Path model;

    @Option(names = "--data", required = true, description = "Dataset folder holding manifest.csv.")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "train, dev or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", required = true, description = "Folder for metrics.json and scatter.png.")
    Path out;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        Split s = Split.parse(split).orElseThrow(() ->
                new PlegdfException(ExitCodes.USAGE, "unknown split '" + split + "' (use train, dev or test)"));
        RunFolder run = RunFolder.of(model);
        ModelConfig mc = ModelStore.readConfig(run.modelDir());
        // a model trained on one fold is evaluated on that fold's dev split and train mean
        Manifest manifest = Folds.selectWhenPresent(ManifestReader.read(data, mc.scale.max()), run.trainConfig().fold);
        Evaluation.Report r = Evaluation.run(run, manifest, s, out, device);
        System.out.printf(Locale.ROOT, "%s: %d videos  RMSE %.2f  MAE %.2f  PCC %.3f  CCC %.3f   mean predictor: RMSE %.2f  MAE %.2f%n",
                r.split(), r.videos(), r.rmse(), r.mae(), r.pcc(), r.ccc(), r.baseline().rmse(), r.baseline().mae());
        if (r.unlabelledExcluded() > 0) {
            System.out.printf("%d unlabelled %s video(s) excluded from the metrics%n", r.unlabelledExcluded(), r.split());
        }
        System.out.printf("metrics: %s%n", out.resolve("metrics.json"));
        return 0;
    }
}
