package org.plegdf.spark;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a cohort on a Spark session: the videos not finished before go out to the executors
 * ({@link VideoScoring}, each video its own unit of work where the cohort allows), every finished
 * video is committed to OUT/parts at once, and the tables are written from all rows at the end.
 */
public final class CohortScoring {
    private static final Logger LOG = LoggerFactory.getLogger(CohortScoring.class);
    private final SparkSession spark;

    /** @param spark the session to run on (local or a cluster) */
    public CohortScoring(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * @param req the run
     * @return the rows and counts
     * @throws PlegdfException USAGE or BAD_MODEL for bad arguments, OUTPUT_NOT_WRITABLE, or the Spark
     *     job's own failure (INTERNAL; what was finished stays in OUT/parts)
     */
    public ScoringSummary run(ScoreRequest req) {
        long t0 = System.nanoTime();
        List<CohortVideo> videos = VideoInputs.read(req.input());
        Path model = req.model().toAbsolutePath().normalize();
        String checksum = ModelChecksum.of(model);
        Path out = req.out().toAbsolutePath().normalize();
        try (FileChannel lockFile = openLock(out); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": another plegdf-spark score is writing this folder");
            }
            return run(req, videos, model, checksum, out, t0);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": cannot write: " + e.getMessage(), e);
        }
    }

    private ScoringSummary run(ScoreRequest req, List<CohortVideo> videos, Path model, String checksum, Path out, long t0) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ScoringJob job = new ScoringJob(model.toString(), String.valueOf(model.getFileName()), checksum, out.toString(),
                UUID.randomUUID().toString(), req.writeReports());
        PartStore parts = new PartStore(out);
        Map<String, PredictionRow> earlier = req.rescore() ? Map.of() : parts.readAll();
        Map<String, PredictionRow> rows = new HashMap<>();
        List<CohortVideo> todo = new ArrayList<>();
        for (CohortVideo v : videos) {
            PredictionRow r = earlier.get(v.videoId());
            if (r != null && r.finished() && r.path().equals(v.path()) && r.modelChecksum().equals(checksum)) {
                rows.put(v.videoId(), r);
            } else {
                todo.add(v);
            }
        }
        int kept = rows.size();
        LongAccumulator loads = sc.sc().longAccumulator("plegdf model loads");
        DoubleAccumulator loadSeconds = sc.sc().doubleAccumulator("plegdf model load seconds");
        LOG.info("{} videos: {} kept from earlier runs, {} to score with {} ({})", videos.size(), kept, todo.size(), job.modelName(),
                checksum.substring(0, Math.min(checksum.length(), 19)));
        if (!todo.isEmpty()) {
            if (sc.isLocal()) {
                // The driver is the only executor: load here, once, and fail early on a bad model.
                EstimatorHolder.Loaded l = EstimatorHolder.get(job.model(), checksum);
                if (l.loadSeconds() > 0) {
                    loads.add(1);
                    loadSeconds.add(l.loadSeconds());
                }
            }
            int slices = req.partitions() > 0 ? req.partitions() : Math.min(todo.size(), 4 * sc.defaultParallelism());
            sc.setJobDescription("plegdf-spark score: " + todo.size() + " videos");
            try {
                for (PredictionRow r : sc.parallelize(todo, slices).mapPartitions(new VideoScoring(job, loads, loadSeconds)).collect()) {
                    rows.put(r.videoId(), r);
                }
            } catch (Exception e) { // SparkException, thrown past Java's checked exceptions
                throw jobFailed(e, out);
            }
        }
        List<PredictionRow> table = videos.stream().map(v -> rows.get(v.videoId())).toList();
        PredictionTable.writeCsv(out, table);
        PredictionTable.writeParquet(spark, out, table);
        return new ScoringSummary(table, kept, loads.value(), loadSeconds.value(), (System.nanoTime() - t0) / 1e9);
    }

    /** The executors' own error where there is one (a bad model); otherwise Spark's, with what was kept. */
    private static PlegdfException jobFailed(Exception e, Path out) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PlegdfException p) {
                return p;
            }
        }
        String why = e.getMessage() != null ? e.getMessage().lines().findFirst().orElse("") : e.toString();
        return new PlegdfException(ExitCodes.INTERNAL, "the Spark job failed: " + why + "; the videos finished before are kept in "
                + out.resolve("parts") + ": run the same command again to go on", e);
    }

    private static FileChannel openLock(Path out) throws IOException {
        Files.createDirectories(out);
        return FileChannel.open(out.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
}
