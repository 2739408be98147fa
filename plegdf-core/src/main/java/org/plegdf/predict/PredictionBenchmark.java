package org.plegdf.predict;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.store.ModelStore;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Measures prediction speed: network throughput on aligned crops (one batch size at a time, after
 * a warm-up) and a whole video end to end (decode, detect, align, score) through
 * {@link DepressionEstimator#predictVideo}.
 */
public final class PredictionBenchmark {
    private PredictionBenchmark() {}

    /**
     * Network throughput at one batch size.
     *
     * @param batch frames per forward pass
     * @param frames frames scored in the timed part
     * @param seconds wall time of the timed part
     * @param framesPerSecond frames / seconds
     */
    public record Throughput(@JsonProperty("batch") int batch, @JsonProperty("frames") long frames,
            @JsonProperty("seconds") double seconds, @JsonProperty("frames_per_second") double framesPerSecond) {}

    /**
     * A video end to end.
     *
     * @param video the file
     * @param videoSeconds its length
     * @param framesAnalysed frames searched for a face
     * @param framesUsed frames with a face, scored
     * @param seconds wall time of predictVideo
     * @param realTimeFactor seconds / videoSeconds (below 1: faster than the video plays)
     * @param reportSeconds wall time of the saliency map and report.html on top
     * @param score the prediction (for the record; an untrained model's score means nothing)
     */
    public record EndToEnd(@JsonProperty("video") String video, @JsonProperty("video_s") double videoSeconds,
            @JsonProperty("frames_analysed") long framesAnalysed,
            @JsonProperty("frames_used") int framesUsed, @JsonProperty("seconds") double seconds,
            @JsonProperty("real_time_factor") double realTimeFactor, @JsonProperty("report_s") double reportSeconds,
            @JsonProperty("score") double score) {}

    /**
     * Saves an untrained network of the CPU demo configuration (resnet18-quarter at 112 px, D = 64,
     * 4 heads): it costs exactly what a trained one costs.
     *
     * @param dir the model folder to write
     * @return dir
     */
    public static Path demoModel(Path dir) {
        return untrainedModel(dir, ModelConfig.cpuDefaults());
    }

    /**
     * Saves an untrained network of any configuration (the paper-sized one: resnet50 at 224 px,
     * the architecture defaults): for timing, it costs exactly what a trained one costs.
     *
     * @param dir the model folder to write
     * @param c the configuration
     * @return dir
     */
    public static Path untrainedModel(Path dir, ModelConfig c) {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            PlegdfFglscfNet net = new PlegdfFglscfNet(c);
            net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, net.inputShape(1));
            ModelStore.save(net, dir);
        }
        return dir;
    }

    /**
     * @param est the estimator
     * @param batch frames per forward pass
     * @param minSeconds run at least this long (after one warm-up pass)
     * @return the throughput
     */
    public static Throughput throughput(DepressionEstimator est, int batch, double minSeconds) {
        int s = est.config().inputSize;
        float[] x = new float[batch * 3 * s * s];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            // Normalised pixels are roughly standard normal; the cost does not depend on them.
            x[i] = (float) (r.nextDouble() * 4 - 2);
        }
        est.scorer().score(x, batch);
        long frames = 0;
        long t0 = System.nanoTime();
        double elapsed;
        do {
            est.scorer().score(x, batch);
            frames += batch;
            elapsed = (System.nanoTime() - t0) / 1e9;
        } while (elapsed < minSeconds);
        return new Throughput(batch, frames, elapsed, frames / elapsed);
    }

    /**
     * @param est the estimator
     * @param video the video
     * @param reportDir where to write the report (timed separately), or null for none
     * @return the timings
     */
    public static EndToEnd endToEnd(DepressionEstimator est, Path video, Path reportDir) {
        long t0 = System.nanoTime();
        Prediction p = est.predictVideo(video);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double videoSeconds = p.input().durationSeconds() == null ? Double.NaN : p.input().durationSeconds();
        double reportSeconds = 0;
        if (reportDir != null) {
            long t1 = System.nanoTime();
            try {
                Files.createDirectories(reportDir);
            } catch (IOException e) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, reportDir + ": " + e.getMessage(), e);
            }
            PredictionReport.write(reportDir.resolve("report.html"), p, est.saliency(p), true);
            reportSeconds = (System.nanoTime() - t1) / 1e9;
        }
        return new EndToEnd(video.toString(), videoSeconds, p.input().framesAnalysed(), p.framesUsed(), seconds,
                seconds / videoSeconds, reportSeconds, p.score());
    }

    /**
     * @param t a throughput
     * @return one line for the terminal
     */
    public static String line(Throughput t) {
        return String.format(Locale.ROOT, "batch %3d: %8.1f aligned frames/s (%d frames in %.1f s)", t.batch(), t.framesPerSecond(), t.frames(), t.seconds());
    }
}
