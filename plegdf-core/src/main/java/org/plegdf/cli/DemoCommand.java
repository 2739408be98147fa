package org.plegdf.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.model.ModelConfig;
import org.plegdf.synth.SynthOptions;
import org.plegdf.synth.SyntheticDataset;
import org.plegdf.train.Evaluation;
import org.plegdf.train.Experiment;
import org.plegdf.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plegdf demo}: the whole job on the embedded synthetic benchmark, on CPU, in minutes:
 * synth, train (reduced-width backbone at 112 px), evaluate on test, and a table against the
 * mean predictor.
 */
@Command(name = "demo", description = "Synthesise the benchmark, train the CPU model, evaluate on its test split, print model vs mean predictor.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "demo-out", description = "Folder for the data, the run and the report (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", description = "Override the demo's epochs.")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        Path dataDir = out.resolve("data");
        SynthOptions so = SynthOptions.defaults();
        if (!Files.isRegularFile(dataDir.resolve("manifest.csv"))) {
            System.out.printf("1/3 synthesising %d subjects x %d frames at %d px -> %s%n", so.subjects(), so.frames(), so.size(), dataDir);
            SyntheticDataset.write(dataDir, so, Runtime.getRuntime().availableProcessors(), true);
        } else {
            System.out.printf("1/3 reusing the synthetic data in %s%n", dataDir);
        }
        Manifest manifest = ManifestReader.read(dataDir);
        ModelConfig model = ModelConfig.cpuDefaults();
        TrainConfig training = TrainConfig.cpuDemo();
        training.seed = seed;
        training.device = device;
        if (epochs != null) {
            training.epochs = epochs;
        }
        System.out.printf("2/3 training %s at %d px for %d epochs (%s)%n", model.backbone, model.inputSize, training.epochs, manifest.summary());
        Path run = out.resolve("run");
        Experiment.Outcome o = Experiment.run("PLEGDF-FGLSCF", manifest, model, training, run);
        Evaluation.Report t = o.test();
        System.out.printf("3/3 evaluated on %d test videos%n%n", t.videos());
        System.out.printf(Locale.ROOT, "%-22s %8s %8s%n", "test split (" + t.scale() + ")", "RMSE", "MAE");
        System.out.printf(Locale.ROOT, "%-22s %8.2f %8.2f%n", "PLEGDF-FGLSCF", t.rmse(), t.mae());
        System.out.printf(Locale.ROOT, "%-22s %8.2f %8.2f%n", "mean predictor", t.baseline().rmse(), t.baseline().mae());
        System.out.printf(Locale.ROOT, "%nRMSE ratio to the mean predictor: %.2f   PCC %.3f   CCC %.3f%n",
                t.rmse() / t.baseline().rmse(), t.pcc(), t.ccc());
        System.out.printf(Locale.ROOT, "total time %.0f s%n", (System.nanoTime() - t0) / 1e9);
        System.out.printf("metrics: %s%nplots:   %s%nmodel:   %s%n", run.resolve("test/metrics.json"), run.resolve("plots"), run.resolve("model"));
        return 0;
    }
}
