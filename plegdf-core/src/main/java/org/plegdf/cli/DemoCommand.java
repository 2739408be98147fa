package org.plegdf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.store.RunFiles;
import org.plegdf.train.Demo;
import org.plegdf.train.Evaluation;
import org.plegdf.train.Experiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code plegdf demo}: the whole job on the embedded synthetic benchmark, on CPU, in minutes:
 * synth, train (reduced-width backbone at 112 px), evaluate on test, and a table against the
 * mean predictor.
 */
@Command(name = "demo", description = "Synthesise the benchmark, train the CPU model, evaluate on its test split, print model vs mean predictor.")
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "demo-out", description = "Folder for the data, the run and the report (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", description = "Override the demo's epochs.")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the training (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Mixin DeviceOption deviceOption;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        Path run = out.resolve("run");
        Experiment.Outcome o = Demo.run(out, epochs, seed, deviceOption.device(), line -> out().println(line));
        Evaluation.Report t = o.test();
        out().println();
        out().printf(Locale.ROOT, "%-22s %8s %8s%n", "test split (" + t.scale() + ")", "RMSE", "MAE");
        out().printf(Locale.ROOT, "%-22s %8.2f %8.2f%n", "PLEGDF-FGLSCF", t.rmse(), t.mae());
        out().printf(Locale.ROOT, "%-22s %8.2f %8.2f%n", "mean predictor", t.baseline().rmse(), t.baseline().mae());
        out().printf(Locale.ROOT, "%nRMSE ratio to the mean predictor: %.2f   PCC %.3f   CCC %.3f%n",
                t.rmse() / t.baseline().rmse(), t.pcc(), t.ccc());
        out().printf(Locale.ROOT, "total time %.0f s%n", (System.nanoTime() - t0) / 1e9);
        out().printf("metrics: %s%nplots:   %s%nmodel:   %s%n", run.resolve("test").resolve(Evaluation.METRICS), new RunFiles(run).plots(), new RunFiles(run).modelDir());
        return 0;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
