package org.plegdf.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.predict.ModelBundle;
import org.plegdf.util.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plegdf export}: one self-describing file holding a trained model. */
@Command(name = "export", description = "Pack a trained model (run folder or model folder) into one .plegdf file that predict loads with nothing else.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A training run folder or its model/ folder.")
    Path model;

    @Option(names = "--out", required = true, description = "The bundle to write, e.g. model.plegdf.")
    Path out;

    @Override
    public Integer call() {
        ModelBundle.Manifest m = ModelBundle.export(model, out);
        System.out.printf(Locale.ROOT, "%s: %s %s, %d px, %s (max %.0f)%s; bundle format %d%n", out, m.backbone(), m.ablation(), m.inputSize(),
                m.scale(), m.scaleMax(), m.devRmse() == null ? "" : String.format(Locale.ROOT, ", dev RMSE %.2f", m.devRmse()), m.formatVersion());
        return ExitCodes.OK;
    }
}
