package org.plegdf.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.plegdf.report.Plots;
import org.plegdf.store.RunFiles;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** The per-epoch record of a run: {@code history.csv} and the loss and dev-RMSE curves. */
public final class History {
    /** Header of history.csv. */
    public static final String HEADER = "epoch,train_loss,dev_rmse,dev_mae,dev_pcc,dev_ccc,lr_head,seconds";

    /**
     * One epoch.
     *
     * @param epoch 1-based epoch
     * @param trainLoss mean training loss
     * @param dev dev-split metrics
     * @param lrHead head learning rate at the epoch's last step
     * @param seconds wall time of the epoch
     */
    public record Row(
            @JsonProperty("epoch") int epoch,
            @JsonProperty("train_loss") double trainLoss,
            @JsonProperty("dev") Metrics dev,
            @JsonProperty("lr_head") double lrHead,
            @JsonProperty("seconds") double seconds) {
        String csv() {
            return String.format(Locale.ROOT, "%d,%.6f,%.4f,%.4f,%.4f,%.4f,%.3g,%.1f",
                    epoch, trainLoss, dev.rmse(), dev.mae(), dev.pcc(), dev.ccc(), lrHead, seconds);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    /** An empty history. */
    public History() {}

    /** @param rows the rows of a resumed run */
    public History(List<Row> rows) {
        this.rows.addAll(rows);
    }

    /** @return the rows so far */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** @param row the epoch just finished */
    public void add(Row row) {
        rows.add(row);
    }

    /**
     * Rewrites history.csv and the curves (atomically).
     *
     * @param runDir the run folder
     */
    public void write(Path runDir) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        rows.forEach(r -> sb.append(r.csv()).append('\n'));
        try {
            AtomicFiles.write(new RunFiles(runDir).history(), sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, "cannot write " + new RunFiles(runDir).history() + ": " + e.getMessage(), e);
        }
        double[] x = rows.stream().mapToDouble(Row::epoch).toArray();
        Path plots = new RunFiles(runDir).plots();
        Plots.lines(plots.resolve("loss.png"), "Training loss", "epoch", "loss", x,
                Map.of("train loss", rows.stream().mapToDouble(Row::trainLoss).toArray()));
        Map<String, double[]> rmse = new LinkedHashMap<>();
        rmse.put("dev RMSE", rows.stream().mapToDouble(r -> r.dev().rmse()).toArray());
        rmse.put("mean predictor", rows.stream().mapToDouble(r -> r.dev().baselineRmse()).toArray());
        Plots.lines(plots.resolve("dev_rmse.png"), "Dev RMSE (video level)", "epoch", "RMSE", x, rmse);
    }
}
