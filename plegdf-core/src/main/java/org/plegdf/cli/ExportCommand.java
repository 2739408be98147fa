package org.plegdf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.store.ModelBundle;
import org.plegdf.store.ModelSource;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.OutputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code plegdf export}: one self-describing file holding a trained model. */
@Command(name = "export", description = "Pack a trained model (run folder or model folder) into one .plegdf file that predict loads with nothing else.")
public final class ExportCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "A training run folder or its model/ folder.")
    Path model;

    @Option(names = "--out", required = true, description = "The bundle to write, e.g. model.plegdf (an existing file only with --force).")
    Path out;

    @Option(names = "--force", description = "Replace an existing --out file.")
    boolean force;

    @Override
    public Integer call() {
        OutputFiles.checkReplaceable(out, force, "--out");
        ModelSource src = ModelSource.of(model);
        if (src.modelDir() != null) {
            OutputFiles.checkOutside(out, src.modelDir(), "the model folder");
        }
        ModelBundle.Manifest m = ModelBundle.export(model, out);
        out().printf(Locale.ROOT, "%s: %s %s, %d px, %s (max %.0f)%s; bundle format %d%n", out, m.backbone(), m.ablation(), m.inputSize(),
                m.scale(), m.scaleMax(), m.devRmse() == null ? "" : String.format(Locale.ROOT, ", dev RMSE %.2f", m.devRmse()), m.formatVersion());
        return ExitCodes.OK;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
