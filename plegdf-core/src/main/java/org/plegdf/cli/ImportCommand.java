package org.plegdf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.plegdf.importer.DatasetImport;
import org.plegdf.importer.ImportLayout;
import org.plegdf.importer.ImportRequest;
import org.plegdf.importer.Scales;
import org.plegdf.util.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code plegdf import}: a dataset as its distributor or the user's tools left it, in, a dataset folder out. */
@Command(name = "import", description = "Turn AVEC2013, AVEC2014, OpenFace output or your own labelled videos into a dataset folder "
        + "(manifest.csv, dataset.json, folds.csv with --folds) and print what was found (see docs/import.md).")
public final class ImportCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LAYOUT", description = "avec2013, avec2014, openface or csv.")
    String layout;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "Folder holding the videos or frame folders (searched recursively).")
    Path root;

    @Option(names = "--labels", paramLabel = "PATH", description = {
        "avec2013/avec2014: a separate folder of <subject>_<session>_Depression.csv files;",
        "openface: that, or a CSV id,score[,subject][,split]; csv: the CSV (required)."})
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset folder to write.")
    Path out;

    @Option(names = "--scale", paramLabel = "NAME", description = "Rating scale of the scores: BDI-II (default), PHQ-8, PHQ-9, HAM-D.")
    String scale;

    @Option(names = "--scale-max", paramLabel = "N", description = "Highest score of the scale: 63 BDI-II, 24 PHQ-8, 27 PHQ-9, 52 HAM-D, or any whole number.")
    Double scaleMax;

    @Option(names = "--folds", paramLabel = "K", description = "Write K subject-grouped cross-validation folds (folds.csv) for train --fold i.")
    Integer folds;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the fold assignment and of the random split of sources without splits (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        ImportRequest req = new ImportRequest(ImportLayout.parse(layout), root, labels, out, Scales.resolve(scale, scaleMax), folds, seed);
        out().print(DatasetImport.run(req).report());
        return ExitCodes.OK;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
