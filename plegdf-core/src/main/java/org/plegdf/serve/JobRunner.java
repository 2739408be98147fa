package org.plegdf.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.predict.Prediction;
import org.plegdf.predict.PredictionReport;
import org.plegdf.predict.SaliencyMap;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job through the estimator's public API exactly as {@code plegdf predict} does, and
 * writes {@code prediction.json} and {@code report.html}. The prediction names the input by the
 * client's file name, not by where the service stored it.
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    /** The stages a running job goes through, as its status shows them. */
    enum Stage { ANALYSING, REPORT }

    private final DepressionEstimator estimator;
    private final JobStore store;
    private final boolean withImages;
    private final boolean logDetails;

    JobRunner(DepressionEstimator estimator, JobStore store, boolean withImages, boolean logDetails) {
        this.estimator = estimator;
        this.store = store;
        this.withImages = withImages;
        this.logDetails = logDetails;
    }

    /**
     * @param job a running job
     * @param stage told when the job enters a stage
     * @param stopping true once the service is stopping: the job is then left as it is on disk (it
     *     is redone at the next start)
     * @return the ended job (done or failed), or null when it was abandoned because of stopping
     */
    Job run(Job job, Consumer<Stage> stage, BooleanSupplier stopping) {
        Path in = store.input(job);
        String label = job.name() != null ? job.name() : "upload." + job.kind();
        long t0 = System.nanoTime();
        try {
            stage.accept(Stage.ANALYSING);
            Prediction p = relabel(predict(job, in), in, label);
            if (stopping.getAsBoolean()) {
                return null;
            }
            stage.accept(Stage.REPORT);
            SaliencyMap saliency = withImages ? estimator.saliency(p) : null;
            if (stopping.getAsBoolean() || !store.writeResults(job, p, file -> PredictionReport.write(file, p, saliency, withImages))) {
                return null;
            }
            if (logDetails) {
                LOG.info("job {} ({}): {} in {} s", job.id(), label, p.summaryLine(), String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            }
            return job.done(new Job.Summary(p.score(), p.band(), p.scale().name(), p.scale().max()));
        } catch (PlegdfException e) {
            if (stopping.getAsBoolean()) {
                return null;
            }
            return job.failed(new Job.Failure(e.exitCode(), scrub(e.getMessage(), in, label)));
        } catch (RuntimeException e) {
            if (stopping.getAsBoolean()) {
                return null;
            }
            LOG.error("job {}: internal error", job.id(), e);
            return job.failed(new Job.Failure(ExitCodes.INTERNAL, "internal error: " + e.getClass().getSimpleName()));
        }
    }

    private Prediction predict(Job job, Path in) {
        return switch (job.input()) {
            case "video" -> estimator.predictVideo(in);
            case "image" -> estimator.predictImage(in);
            default -> estimator.predictFrames(in);
        };
    }

    /** The prediction as prediction.json shows it: the input is the client's file name. */
    static Prediction relabel(Prediction p, Path stored, String label) {
        Prediction.Input i = p.input();
        List<String> warnings = i.warnings().stream().map(w -> scrub(w, stored, label)).toList();
        Prediction.Input named = new Prediction.Input(i.kind(), label, i.framesAnalysed(), i.frameStep(), i.durationSeconds(),
                i.processingSeconds(), warnings);
        return new Prediction(p.score(), p.scale(), p.band(), p.interval(), p.intervalLevel(), p.framesUsed(), p.framesWithoutFace(),
                p.perFrame(), p.regions(), named, p.model(), p.plegdfVersion(), p.faces());
    }

    /** Replaces the stored path (a server detail) by the client's file name. */
    static String scrub(String message, Path stored, String label) {
        String m = message == null ? "" : message;
        return m.replace(stored.toAbsolutePath().toString(), label).replace(stored.toString(), label);
    }
}
