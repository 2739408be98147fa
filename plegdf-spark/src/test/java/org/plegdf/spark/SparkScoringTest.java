package org.plegdf.spark;

import org.plegdf.testkit.TinyModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.model.Ablation;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.predict.Prediction;
import org.plegdf.predict.PredictFixtures;
import org.plegdf.preprocess.PhotoVideo;

/**
 * Cohort scoring in local[2] on real encoded videos made from the fixture photos: two face videos
 * (one in a sub-folder), a faceless one and a corrupt file. Scores must equal
 * DepressionEstimator.predictVideo's (what plegdf predict prints), the bad videos must become rows,
 * and reruns must keep finished rows.
 */
class SparkScoringTest {
    @TempDir static Path tmp;
    static SparkSession spark;
    static Path model;
    static Path videos;
    static Map<String, Prediction> expected;

    @BeforeAll
    static void setUp() throws Exception {
        model = PredictFixtures.saveUntrained(tmp.resolve("model"), TinyModel.config(Ablation.FULL), 7, 20.0);
        videos = Files.createDirectories(tmp.resolve("videos"));
        PredictFixtures.tomVideo(videos.resolve("tom.mp4"));
        Files.createDirectories(videos.resolve("site-b"));
        PhotoVideo.record(PredictFixtures.tomPhoto(), videos.resolve("site-b/tom-moving.mkv"), 45, 0.5, 0.6, -40, 4);
        PredictFixtures.dogsVideo(videos.resolve("dogs.mp4"));
        byte[] junk = new byte[50_000];
        new Random(3).nextBytes(junk);
        Files.write(videos.resolve("corrupt.mp4"), junk);
        try (DepressionEstimator est = DepressionEstimator.load(model)) {
            expected = Map.of("tom", est.predictVideo(videos.resolve("tom.mp4")),
                    "site-b/tom-moving", est.predictVideo(videos.resolve("site-b/tom-moving.mkv")));
        }
        spark = SparkSessions.start("plegdf-spark test", "local[2]", Map.of(), false);
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static ScoringSummary score(Path out) {
        return new CohortScoring(spark).run(new ScoreRequest(model, videos, out, false, false, 0));
    }

    @Test
    void scoresEveryVideoAsPredictDoesAndKeepsFinishedRowsOnRerun() throws Exception {
        Path out = tmp.resolve("out");
        int loadsBefore = EstimatorHolder.loads();
        ScoringSummary s = score(out);

        assertThat(s.rows()).extracting(PredictionRow::videoId).containsExactly("corrupt", "dogs", "site-b/tom-moving", "tom");
        Map<String, PredictionRow> rows = s.rows().stream().collect(Collectors.toMap(PredictionRow::videoId, Function.identity()));
        for (String id : List.of("tom", "site-b/tom-moving")) {
            Prediction p = expected.get(id);
            PredictionRow r = rows.get(id);
            assertThat(r.status()).isEqualTo("ok");
            assertThat(r.score()).isCloseTo(p.score(), within(1e-4));
            assertThat(r.intervalLow()).isCloseTo(p.interval().lo(), within(1e-4));
            assertThat(r.intervalHigh()).isCloseTo(p.interval().hi(), within(1e-4));
            assertThat(r.band()).isEqualTo(p.band());
            assertThat(r.framesUsed()).isEqualTo(p.framesUsed());
            assertThat(r.error()).isNull();
            assertThat(r.model()).isEqualTo("model");
            assertThat(r.modelChecksum()).isEqualTo(ModelChecksum.of(model)).startsWith("sha256:");
        }
        assertThat(rows.get("tom").score()).isNotCloseTo(rows.get("site-b/tom-moving").score(), within(1e-6));
        assertThat(rows.get("dogs").status()).isEqualTo("no_face");
        assertThat(rows.get("dogs").error()).contains("dogs.mp4").contains("usable face");
        assertThat(rows.get("dogs").score()).isNull();
        assertThat(rows.get("corrupt").status()).isEqualTo("error");
        assertThat(rows.get("corrupt").error()).contains("corrupt.mp4");
        assertThat(s.line()).matches("2 scored, 1 without a face, 1 failed, \\d+\\.\\d s");
        // One estimator for this JVM (the driver is the executor in local mode), however many tasks.
        assertThat(EstimatorHolder.loads() - loadsBefore).isLessThanOrEqualTo(1);

        // The tables hold the same rows: Parquet as Spark reads it, CSV with a header.
        List<Row> parquet = spark.read().parquet(out.resolve("predictions.parquet").toString()).orderBy("video_id").collectAsList();
        assertThat(parquet).hasSize(4);
        assertThat(parquet.get(3).<String>getAs("video_id")).isEqualTo("tom");
        assertThat(parquet.get(3).<Double>getAs("score")).isCloseTo(expected.get("tom").score(), within(1e-4));
        assertThat(parquet.get(1).<String>getAs("status")).isEqualTo("no_face");
        assertThat(parquet.get(0).<Object>getAs("score")).isNull();
        List<String> csv = Files.readAllLines(out.resolve("predictions.csv"));
        assertThat(csv.get(0)).isEqualTo(String.join(",", PredictionRow.COLUMNS));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(4)).startsWith("tom," + videos.resolve("tom.mp4").toAbsolutePath() + ",ok,");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("tmp"))).isEmpty();
        }

        // Rerun: the finished rows are kept as they were, only the failed video is tried again.
        ScoringSummary again = score(out);
        assertThat(again.kept()).isEqualTo(3);
        Map<String, PredictionRow> rows2 = again.rows().stream().collect(Collectors.toMap(PredictionRow::videoId, Function.identity()));
        assertThat(rows2.get("tom")).isEqualTo(rows.get("tom"));
        assertThat(rows2.get("dogs")).isEqualTo(rows.get("dogs"));
        assertThat(rows2.get("corrupt").runId()).isNotEqualTo(rows.get("corrupt").runId());

        // A new video is scored, the rest kept; a killed run's committed parts count as finished,
        // even when the tables were never written.
        Files.copy(videos.resolve("tom.mp4"), videos.resolve("tom-copy.mp4"));
        Files.delete(out.resolve("predictions.csv"));
        Files.delete(out.resolve("predictions.parquet"));
        try {
            ScoringSummary third = score(out);
            assertThat(third.kept()).isEqualTo(3);
            assertThat(third.rows()).hasSize(5);
            PredictionRow copy = third.rows().stream().filter(r -> r.videoId().equals("tom-copy")).findFirst().orElseThrow();
            assertThat(copy.score()).isCloseTo(expected.get("tom").score(), within(1e-4));
            assertThat(out.resolve("predictions.csv")).exists();
        } finally {
            Files.delete(videos.resolve("tom-copy.mp4"));
        }
    }

    @Test
    void scoresAManifestAndWritesReports() throws Exception {
        Path csv = tmp.resolve("cohort.csv");
        Files.writeString(csv, "video_id,path\nP001,videos/tom.mp4\nP002,videos/missing.mp4\n");
        List<CohortVideo> v = VideoInputs.read(csv);
        assertThat(v).containsExactly(new CohortVideo("P001", videos.resolve("tom.mp4").toAbsolutePath().normalize().toString()),
                new CohortVideo("P002", tmp.resolve("videos/missing.mp4").toAbsolutePath().normalize().toString()));

        Path out = tmp.resolve("out-manifest");
        ScoringSummary s = new CohortScoring(spark).run(new ScoreRequest(model, csv, out, false, true, 0));
        assertThat(s.rows()).extracting(PredictionRow::status).containsExactly("ok", "error");
        assertThat(s.rows().get(1).error()).contains("missing.mp4");
        String json = Files.readString(out.resolve("reports/P001/prediction.json"));
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("score").asDouble())
                .isCloseTo(expected.get("tom").score(), within(1e-4));
        assertThat(Files.readString(out.resolve("reports/P001/report.html"))).contains("<html");
        assertThat(out.resolve("reports/P002")).doesNotExist();

        // --rescore redoes every video, finished or not, with the same result.
        ScoringSummary all = new CohortScoring(spark).run(new ScoreRequest(model, csv, out, true, false, 0));
        assertThat(all.kept()).isZero();
        assertThat(all.rows().get(0).score()).isEqualTo(s.rows().get(0).score());
        assertThat(all.rows().get(0).runId()).isNotEqualTo(s.rows().get(0).runId());
    }
}
