package org.plegdf.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.predict.Prediction;
import org.plegdf.predict.PredictionReport;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor side: scores the videos of one partition with this JVM's estimator
 * ({@link EstimatorHolder}), by {@link DepressionEstimator#predictVideo} as {@code plegdf predict}
 * does, and commits each video's row to {@link PartStore} as soon as it is done. A video that cannot
 * be scored becomes an error or no_face row with the reason; it never fails the task.
 */
public final class VideoScoring implements FlatMapFunction<Iterator<CohortVideo>, PredictionRow> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(VideoScoring.class);
    private final ScoringJob job;
    private final LongAccumulator modelLoads;
    private final DoubleAccumulator modelLoadSeconds;

    /**
     * @param job the run
     * @param modelLoads counts model loads over the executors
     * @param modelLoadSeconds adds up their time
     */
    public VideoScoring(ScoringJob job, LongAccumulator modelLoads, DoubleAccumulator modelLoadSeconds) {
        this.job = job;
        this.modelLoads = modelLoads;
        this.modelLoadSeconds = modelLoadSeconds;
    }

    @Override
    public Iterator<PredictionRow> call(Iterator<CohortVideo> videos) throws IOException {
        PartStore parts = new PartStore(Path.of(job.out()));
        List<PredictionRow> rows = new ArrayList<>();
        while (videos.hasNext()) {
            CohortVideo v = videos.next();
            // A retried task (executor lost) keeps what this run already committed.
            Optional<PredictionRow> done = parts.read(v.videoId()).filter(r -> job.runId().equals(r.runId()) && r.finished());
            PredictionRow row = done.orElseGet(() -> score(v));
            if (done.isEmpty()) {
                parts.write(row);
            }
            rows.add(row);
        }
        return rows.iterator();
    }

    /** Loads the model here on first use (a failure to load fails the task: no video can be scored). */
    private DepressionEstimator estimator() {
        EstimatorHolder.Loaded l = EstimatorHolder.get(job.model(), job.checksum());
        if (l.loadSeconds() > 0) {
            modelLoads.add(1);
            modelLoadSeconds.add(l.loadSeconds());
        }
        return l.estimator();
    }

    private PredictionRow score(CohortVideo v) {
        DepressionEstimator est = estimator();
        long t0 = System.nanoTime();
        Prediction p;
        try {
            p = est.predictVideo(Path.of(v.path()));
        } catch (PlegdfException e) {
            String status = e.exitCode() == ExitCodes.NO_FACE ? PredictionRow.NO_FACE : PredictionRow.ERROR;
            LOG.debug("{}: {}", v.path(), e.getMessage());
            return failed(v, status, e.getMessage(), t0);
        } catch (RuntimeException e) {
            LOG.warn("{}: {}", v.path(), e.toString(), e);
            return failed(v, PredictionRow.ERROR, v.path() + ": " + e, t0);
        }
        String reportError = job.writeReports() ? writeReports(est, v, p) : null;
        return new PredictionRow(v.videoId(), v.path(), PredictionRow.OK, p.score(), p.band(), p.interval().lo(), p.interval().hi(),
                p.framesUsed(), reportError, job.modelName(), job.checksum(), seconds(t0), job.runId());
    }

    /** @return null, or why the report could not be written (the score stands) */
    private String writeReports(DepressionEstimator est, CohortVideo v, Prediction p) {
        Path dir = Path.of(job.out(), "reports").resolve(v.videoId());
        try {
            Files.createDirectories(dir);
            org.plegdf.util.AtomicFiles.write(dir.resolve("prediction.json"), p.toJson().getBytes(StandardCharsets.UTF_8));
            PredictionReport.write(dir.resolve("report.html"), p, est.saliency(p), true);
            return null;
        } catch (IOException | UncheckedIOException | PlegdfException e) {
            LOG.warn("{}: report not written: {}", dir, e.getMessage());
            return "report not written: " + e.getMessage();
        }
    }

    private PredictionRow failed(CohortVideo v, String status, String why, long t0) {
        return new PredictionRow(v.videoId(), v.path(), status, null, null, null, null, null, why, job.modelName(), job.checksum(),
                seconds(t0), job.runId());
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
