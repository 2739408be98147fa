package org.plegdf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.train.AblationStudy;
import org.plegdf.train.Experiment;
import org.plegdf.train.RunConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code plegdf ablate}: the four ablations of the spec, same seed and budget, one table. */
@Command(name = "ablate", description = "Train and test the four ablations (full, no-plegdf, no-fglscf, backbone-only) with the same seed and budget; write ablation.md and ablation.json.")
public final class AblateCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, description = "Dataset folder holding manifest.csv.")
    Path data;

    @Option(names = "--out", required = true, description = "Folder for one run per ablation and the tables (re-running resumes or reuses the runs made with the same settings). Default settings: the CPU demo's (--cpu-defaults).")
    Path out;

    @Option(names = "--force", description = "Train again the runs in --out that were made with other settings (otherwise they are refused).")
    boolean force;

    @CommandLine.Mixin RunOptions options;

    @Override
    public Integer call() {
        if (options.model.ablation != null) {
            throw new PlegdfException(ExitCodes.USAGE, "ablate trains all four ablations; --ablation " + options.model.ablation
                    + " is for train, model and bench");
        }
        RunConfig rc = options.resolve(data, true);
        Manifest manifest = ManifestReader.read(data, rc.model.scale.max());
        List<Experiment.Outcome> rows = AblationStudy.run(manifest, rc.model, rc.training, out, force, a -> out().printf("== %s ==%n", a));
        out().print(AblationStudy.markdown(rows, rc.model, rc.training));
        out().flush();
        return 0;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
