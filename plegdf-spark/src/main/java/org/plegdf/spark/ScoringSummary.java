package org.plegdf.spark;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a run.
 *
 * @param rows one per input video, in input order (what the tables hold)
 * @param kept rows kept from earlier runs
 * @param modelLoads model loads over all executor JVMs (and the driver in local mode)
 * @param modelLoadSeconds their total time
 * @param seconds the run's wall time
 */
public record ScoringSummary(List<PredictionRow> rows, int kept, long modelLoads, double modelLoadSeconds, double seconds) {

    /** @return rows with status s */
    public long count(String status) {
        return rows.stream().filter(r -> r.status().equals(status)).count();
    }

    /** @return {@code N scored, M without a face, K failed, T s} */
    public String line() {
        return String.format(Locale.ROOT, "%d scored, %d without a face, %d failed, %.1f s", count(PredictionRow.OK),
                count(PredictionRow.NO_FACE), count(PredictionRow.ERROR), seconds);
    }

    /** @return how much was reused and what loading the model cost */
    public String detail() {
        return String.format(Locale.ROOT, "%d of %d videos kept from earlier runs, %d scored now; model loaded %d time%s (%.1f s in all)",
                kept, rows.size(), rows.size() - kept, modelLoads, modelLoads == 1 ? "" : "s", modelLoadSeconds);
    }
}
