package org.plegdf.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.model.Ablation;
import org.plegdf.model.ModelConfig;
import org.plegdf.train.Experiment;
import org.plegdf.train.RunConfig;
import org.plegdf.train.TrainConfig;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plegdf ablate}: the four ablations of the spec, same seed and budget, one table. */
@Command(name = "ablate", description = "Train and test the four ablations (full, no-plegdf, no-fglscf, backbone-only) with the same seed and budget; write ablation.md and ablation.json.")
public final class AblateCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "Dataset folder holding manifest.csv.")
    Path data;

    @Option(names = "--out", required = true, description = "Folder for one run per ablation and the tables (re-running resumes or reuses them). Default settings: the CPU demo's (--cpu-defaults).")
    Path out;

    @CommandLine.Mixin RunOptions options;

    @Override
    public Integer call() {
        RunConfig rc = options.resolve(data, true);
        ModelConfig base = rc.model;
        TrainConfig tc = rc.training;
        Manifest manifest = ManifestReader.read(data, base.scale.max());
        List<Experiment.Outcome> rows = new ArrayList<>();
        for (Ablation a : Ablation.values()) {
            ModelConfig mc = base.copy();
            mc.ablation = a;
            System.out.printf("== %s ==%n", a.id());
            rows.add(Experiment.run(a.id(), manifest, mc, tc, out.resolve(a.id())));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", manifest.file().toAbsolutePath().toString());
        json.put("model", base);
        json.put("training", tc);
        json.put("ablations", rows);
        Json.write(out.resolve("ablation.json"), json);
        String md = markdown(rows, base, tc);
        try {
            AtomicFiles.write(out.resolve("ablation.md"), md.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out.resolve("ablation.md") + ": cannot write: " + e.getMessage(), e);
        }
        System.out.print(md);
        return 0;
    }

    /**
     * @param rows the outcomes
     * @param base the shared network settings
     * @param tc the shared training settings
     * @return the Markdown table
     */
    static String markdown(List<Experiment.Outcome> rows, ModelConfig base, TrainConfig tc) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Test split, video level. Backbone %s at %d px, D=%d, %d epochs, seed %d.%n%n",
                base.backbone, base.inputSize, base.dim, tc.epochs, tc.seed));
        sb.append("| ablation | RMSE | MAE | PCC | CCC | params | train time (s) | best epoch |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Experiment.Outcome o : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.3f | %.3f | %,d | %.0f | %d |%n",
                    o.name(), o.test().rmse(), o.test().mae(), o.test().pcc(), o.test().ccc(), o.parameters(), o.trainSeconds(), o.bestEpoch()));
        }
        if (!rows.isEmpty()) {
            var b = rows.get(0).test().baseline();
            sb.append(String.format(Locale.ROOT, "| mean predictor | %.2f | %.2f | - | - | 0 | - | - |%n", b.rmse(), b.mae()));
        }
        return sb.toString();
    }
}
