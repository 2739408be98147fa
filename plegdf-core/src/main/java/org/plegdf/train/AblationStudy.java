package org.plegdf.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.plegdf.data.Manifest;
import org.plegdf.model.Ablation;
import org.plegdf.model.ModelConfig;
import org.plegdf.store.RunLock;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * The ablation study of the spec (section 5): the four ablations trained and tested with the same
 * seed and budget, one run folder each under the study's folder, and one table
 * ({@code ablation.md}, {@code ablation.json}). The study's folder is locked while it runs.
 */
public final class AblationStudy {
    /** The table, Markdown. */
    public static final String TABLE = "ablation.md";
    /** The table, JSON (data, settings, one outcome per ablation). */
    public static final String JSON = "ablation.json";

    private AblationStudy() {}

    /**
     * @param data the dataset
     * @param base the network (its ablation is replaced by each of the four)
     * @param training the training settings, shared
     * @param out the study's folder
     * @param force redo sub-runs whose recorded settings differ from these instead of refusing
     * @param progress told the name of each ablation as it starts
     * @return one outcome per ablation, in the spec's order
     */
    public static List<Experiment.Outcome> run(Manifest data, ModelConfig base, TrainConfig training, Path out, boolean force,
            Consumer<String> progress) {
        try (RunLock lock = RunLock.acquire(out, "ablation study")) {
            return runLocked(data, base, training, out, force, progress);
        }
    }

    private static List<Experiment.Outcome> runLocked(Manifest data, ModelConfig base, TrainConfig training, Path out, boolean force,
            Consumer<String> progress) {
        List<Experiment.Outcome> rows = new ArrayList<>();
        for (Ablation a : Ablation.values()) {
            ModelConfig mc = base.copy();
            mc.ablation = a;
            progress.accept(a.id());
            rows.add(Experiment.run(a.id(), data, mc, training, out.resolve(a.id()), force));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", data.file().toAbsolutePath().toString());
        json.put("model", base);
        json.put("training", training);
        json.put("ablations", rows);
        Json.write(out.resolve(JSON), json);
        try {
            AtomicFiles.write(out.resolve(TABLE), markdown(rows, base, training).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out.resolve(TABLE) + ": cannot write: " + e.getMessage(), e);
        }
        return rows;
    }

    /**
     * @param rows the outcomes
     * @param base the shared network settings
     * @param tc the shared training settings
     * @return the Markdown table
     */
    public static String markdown(List<Experiment.Outcome> rows, ModelConfig base, TrainConfig tc) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Test split, video level. Backbone %s at %d px, D=%d, %d epochs, seed %d.%n%n",
                base.backbone, base.inputSize, base.dim, tc.epochs, tc.seed));
        sb.append("| ablation | RMSE | MAE | PCC | CCC | params | train time (s) | best epoch |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Experiment.Outcome o : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s | %s | %,d | %.0f | %d |%n",
                    o.name(), o.test().rmse(), o.test().mae(), f3(o.test().pcc()), f3(o.test().ccc()), o.parameters(), o.trainSeconds(), o.bestEpoch()));
        }
        if (!rows.isEmpty()) {
            var b = rows.get(0).test().baseline();
            sb.append(String.format(Locale.ROOT, "| mean predictor | %.2f | %.2f | - | - | 0 | - | - |%n", b.rmse(), b.mae()));
        }
        return sb.toString();
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
