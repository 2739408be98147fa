package org.plegdf.serve;

import org.plegdf.testkit.TinyModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.model.Ablation;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.predict.Prediction;
import org.plegdf.predict.PredictFixtures;
import org.plegdf.predict.PredictOptions;
import org.plegdf.util.Json;

/** The service through real HTTP on 127.0.0.1, with a real encoded face video and an untrained tiny model. */
class ServeHttpTest {
    @TempDir static Path dir;
    static DepressionEstimator est;
    static Path video;
    /** 10 s: long enough to be caught running. */
    static Path longVideo;

    @BeforeAll
    static void setUp() throws Exception {
        Path model = PredictFixtures.saveUntrained(dir.resolve("model"), TinyModel.config(Ablation.FULL), 5, 18);
        video = PredictFixtures.tomVideo(dir.resolve("tom.mp4"));
        longVideo = dir.resolve("long.mp4");
        org.plegdf.preprocess.PhotoVideo.record(PredictFixtures.tomPhoto(), longVideo, 300, 0.42, 0.55, 60, 0);
        est = DepressionEstimator.load(model, PredictOptions.defaults(), "cpu");
    }

    @AfterAll
    static void tearDown() {
        if (est != null) {
            est.close();
        }
    }

    static ServeSettings settings(Path data, String token, long maxUpload) {
        return new ServeSettings("127.0.0.1", 0, token, maxUpload, 1, 10, data, Duration.ofDays(7), false);
    }

    @Test
    void aPostedVideoGetsTheScorePredictGives() throws Exception {
        Path data = dir.resolve("data-video");
        try (LogCapture logs = new LogCapture();
                PlegdfServer server = PlegdfServer.start(est, settings(data, null, 1L << 30), true)) {
            ServeClient c = new ServeClient(server, null);
            var r = c.upload("interview 1.mp4", Files.readAllBytes(video));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            String id = ServeClient.json(r).get("id").asText();
            assertThat(Job.isValidId(id)).isTrue();
            assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/predictions/" + id);

            JsonNode job = c.await(id, Duration.ofMinutes(3));
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("done");
            assertThat(job.at("/progress/fraction").asDouble()).isEqualTo(1.0);
            assertThat(logs.messages()).as("log lines").isNotEmpty()
                    .noneMatch(m -> m.contains("interview 1") || m.contains("BDI") || m.contains("score")
                            || m.contains(String.format(java.util.Locale.ROOT, "%.1f", job.at("/summary/score").asDouble())));
            JsonNode got = job.get("prediction");
            Prediction want = est.predictVideo(video);
            assertThat(got.get("score").asDouble()).isEqualTo(want.score());
            assertThat(got.get("frames_used").asInt()).isEqualTo(want.framesUsed());
            assertThat(got.at("/input/path").asText()).isEqualTo("interview 1.mp4");
            JsonNode wantJson = Json.mapper().readTree(want.toJson());
            assertThat(got.get("per_frame")).isEqualTo(wantJson.get("per_frame"));
            assertThat(got.get("interval")).isEqualTo(wantJson.get("interval"));
            assertThat(job.at("/summary/score").asDouble()).isEqualTo(want.score());

            var report = c.get("/api/v1/predictions/" + id + "/report");
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(report.body()).contains("id=\"result\"").contains("interview 1.mp4").contains("data:image/png;base64");

            JsonNode list = ServeClient.json(c.get("/api/v1/predictions"));
            assertThat(list.get("jobs")).extracting(j -> j.get("id").asText()).contains(id);
            JsonNode model = ServeClient.json(c.get("/api/v1/model"));
            assertThat(model.at("/model/backbone").asText()).isEqualTo("resnet18-quarter");
            assertThat(model.at("/scale/name").asText()).isEqualTo("BDI-II");
            assertThat(ServeClient.json(c.get("/health")).get("status").asText()).isEqualTo("ok");
            assertThat(c.get("/api/v1/openapi.yaml").body()).startsWith("openapi: 3");

            // Owner-only: every folder rwx------, every file rw-------; the upload is gone once the job ended.
            try (Stream<Path> s = Files.walk(data)) {
                for (Path p : s.toList()) {
                    String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    assertThat(perms).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
                }
            }
            Path jobDir = data.resolve("jobs").resolve(id);
            assertThat(jobDir.resolve("input.mp4")).doesNotExist();
            assertThat(jobDir.resolve("prediction.json")).exists();

            assertThat(c.delete("/api/v1/predictions/" + id).statusCode()).isEqualTo(204);
            assertThat(c.get("/api/v1/predictions/" + id).statusCode()).isEqualTo(404);
            assertThat(jobDir).doesNotExist();
        }
    }

    @Test
    void refusedRequestsAreAnsweredAndWriteNothing() throws Exception {
        Path data = dir.resolve("data-refused");
        String token = "s3cret-token-for-tests-0123456789";
        byte[] mp4 = Files.readAllBytes(video);
        try (PlegdfServer server = PlegdfServer.start(est, settings(data, token, mp4.length + 1000L), true)) {
            ServeClient anonymous = new ServeClient(server, null);
            ServeClient wrong = new ServeClient(server, "not-the-token-but-long-enough");
            ServeClient c = new ServeClient(server, token);

            var r = anonymous.upload("tom.mp4", mp4);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"plegdf\"");
            assertThat(wrong.upload("tom.mp4", mp4).statusCode()).isEqualTo(401);
            assertThat(anonymous.get("/api/v1/predictions").statusCode()).isEqualTo(401);
            assertThat(anonymous.get("/api/v1/model").statusCode()).isEqualTo(401);
            assertThat(anonymous.get("/health").statusCode()).isEqualTo(200);

            byte[] big = Arrays.copyOf(mp4, mp4.length * 3);
            r = c.upload("big.mp4", big);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(ServeClient.json(r).get("error").asText()).contains("--max-upload");

            r = c.upload("notes.mp4", "these are not video bytes, whatever the name says".getBytes());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
            r = c.upload("scan.mp4", "%PDF-1.7 a document named like a video".getBytes());
            assertThat(r.statusCode()).isEqualTo(415);

            r = c.upload("cut.mp4", Arrays.copyOf(mp4, mp4.length * 6 / 10));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
            assertThat(ServeClient.json(r).get("error").asText()).contains("truncated");
            Path mkv = dir.resolve("whole.mkv");
            org.plegdf.preprocess.PhotoVideo.record(PredictFixtures.tomPhoto(), mkv, 30, 0.42, 0.55, 60, 0);
            byte[] mkvBytes = Files.readAllBytes(mkv);
            r = c.upload("cut.mkv", Arrays.copyOf(mkvBytes, mkvBytes.length * 6 / 10));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);

            for (String id : List.of("..%2F..%2Fjobs", "..", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "not-a-uuid", "00000000-0000-0000-0000-000000000000x")) {
                assertThat(c.get("/api/v1/predictions/" + id).statusCode()).as(id).isEqualTo(400);
                assertThat(c.delete("/api/v1/predictions/" + id).statusCode()).as(id).isEqualTo(400);
            }
            assertThat(c.get("/api/v1/predictions/../../health").statusCode()).isIn(400, 404);
            assertThat(c.upload("../../evil.mp4", mp4).statusCode()).isEqualTo(400);
            assertThat(c.upload("..\\..\\evil.mp4", mp4).statusCode()).isEqualTo(400);
            assertThat(c.upload("frames.zip", Zips.of(List.of("../../escape.png"), PredictFixtures.faces().resolve("dogs.jpg"))).statusCode())
                    .isEqualTo(400);
            assertThat(c.get("/api/v1/predictions/" + java.util.UUID.randomUUID()).statusCode()).isEqualTo(404);

            // Nothing of any refused upload stays: no job, nothing being received.
            assertThat(ServeClient.json(c.get("/api/v1/predictions")).get("jobs")).isEmpty();
            try (Stream<Path> s = Files.list(data.resolve("jobs"))) {
                assertThat(s.toList()).isEmpty();
            }
            assertEventuallyEmpty(data.resolve("incoming"));
        }
    }

    @Test
    void aZipOfFramesIsScoredAsTheFolder() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("frames"));
        for (int i = 0; i < 6; i++) {
            Files.copy(PredictFixtures.tomPhoto(), frames.resolve("frame_" + (i * 3) + ".jpg"));
        }
        byte[] zip = Zips.ofFolder(frames);
        try (PlegdfServer server = PlegdfServer.start(est, settings(dir.resolve("data-zip"), null, 1L << 30), false)) {
            ServeClient c = new ServeClient(server, null);
            var r = c.upload("frames.zip", zip);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode job = c.await(ServeClient.json(r).get("id").asText(), Duration.ofMinutes(2));
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("done");
            assertThat(job.at("/prediction/score").asDouble()).isEqualTo(est.predictFrames(frames).score());
            assertThat(job.get("input").asText()).isEqualTo("frames");
        }
    }

    @Test
    void aRestartMidJobFinishesIt() throws Exception {
        Path data = dir.resolve("data-restart");
        String id;
        try (PlegdfServer first = PlegdfServer.start(est, settings(data, null, 1L << 30), true)) {
            ServeClient c = new ServeClient(first, null);
            var r = c.upload("long.mp4", Files.readAllBytes(longVideo));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            id = ServeClient.json(r).get("id").asText();
            long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!ServeClient.json(c.get("/api/v1/predictions/" + id)).get("status").asText().equals("running")) {
                assertThat(System.nanoTime()).isLessThan(end);
                Thread.sleep(50);
            }
        }
        // Stopped mid-job: on disk it is still running, its upload is still there.
        Job onDisk = Json.read(data.resolve("jobs").resolve(id).resolve("job.json"), Job.class, 1);
        assertThat(onDisk.status()).isEqualTo(Job.Status.RUNNING);
        assertThat(data.resolve("jobs").resolve(id).resolve("input.mp4")).exists();

        try (PlegdfServer second = PlegdfServer.start(est, settings(data, null, 1L << 30), true)) {
            ServeClient c = new ServeClient(second, null);
            // While it runs, the status shows how far the video has been read.
            java.util.Set<Double> fractions = new java.util.TreeSet<>();
            long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            JsonNode job;
            while (true) {
                job = ServeClient.json(c.get("/api/v1/predictions/" + id));
                if (job.get("status").asText().matches("done|failed")) {
                    break;
                }
                if (job.at("/progress/stage").asText().equals("analysing") && job.at("/progress/fraction").isNumber()) {
                    fractions.add(job.at("/progress/fraction").asDouble());
                }
                assertThat(System.nanoTime()).isLessThan(end);
                Thread.sleep(100);
            }
            assertThat(fractions).as("progress seen while analysing").hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(f -> assertThat(f).isBetween(0.0, 0.9));
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("done");
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            assertThat(job.at("/prediction/score").asDouble()).isEqualTo(est.predictVideo(longVideo).score());
        }
    }

    @Test
    void withLogRequestsNamesAndScoresAreLogged() throws Exception {
        ServeSettings s = new ServeSettings("127.0.0.1", 0, null, 1L << 30, 1, 10, dir.resolve("data-log"), Duration.ofDays(7), true);
        try (LogCapture logs = new LogCapture();
                PlegdfServer server = PlegdfServer.start(est, s, false)) {
            ServeClient c = new ServeClient(server, null);
            var r = c.upload("portrait-17.jpg", Files.readAllBytes(PredictFixtures.tomPhoto()));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode job = c.await(ServeClient.json(r).get("id").asText(), Duration.ofMinutes(2));
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("done");
            assertThat(job.at("/prediction/score").asDouble()).isEqualTo(est.predictImage(PredictFixtures.tomPhoto()).score());
            assertThat(logs.messages()).anyMatch(m -> m.contains("portrait-17.jpg") && m.contains("BDI-II"))
                    .anyMatch(m -> m.startsWith("POST /api/v1/predictions 202"));
        }
    }

    @Test
    void endedJobsAreDeletedAfterTheRetentionPeriod() throws Exception {
        ServeSettings s = new ServeSettings("127.0.0.1", 0, null, 1L << 30, 1, 10, dir.resolve("data-retain"), Duration.ofSeconds(2), false);
        try (PlegdfServer server = PlegdfServer.start(est, s, false)) {
            ServeClient c = new ServeClient(server, null);
            String id = ServeClient.json(c.upload("tom.jpg", Files.readAllBytes(PredictFixtures.tomPhoto()))).get("id").asText();
            assertThat(c.await(id, Duration.ofMinutes(2)).get("status").asText()).isEqualTo("done");
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.get("/api/v1/predictions/" + id).statusCode() != 404) {
                assertThat(System.nanoTime()).as("still kept").isLessThan(end);
                Thread.sleep(200);
            }
            assertThat(dir.resolve("data-retain/jobs").resolve(id)).doesNotExist();
        }
    }

    @Test
    void aFullQueueAnswers503AndWritesNothing() throws Exception {
        ServeSettings s = new ServeSettings("127.0.0.1", 0, null, 1L << 30, 1, 1, dir.resolve("data-full"), Duration.ofDays(7), false);
        try (PlegdfServer server = PlegdfServer.start(est, s, false)) {
            ServeClient c = new ServeClient(server, null);
            var running = c.upload("long.mp4", Files.readAllBytes(longVideo));
            String id = ServeClient.json(running).get("id").asText();
            while (!ServeClient.json(c.get("/api/v1/predictions/" + id)).get("status").asText().equals("running")) {
                Thread.sleep(50);
            }
            byte[] mp4 = Files.readAllBytes(video);
            var waiting = c.upload("tom-1.mp4", mp4);
            assertThat(waiting.statusCode()).isEqualTo(202);
            assertThat(ServeClient.json(waiting).at("/progress/queue_position").asInt()).isEqualTo(1);
            var refused = c.upload("tom-2.mp4", mp4);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(ServeClient.json(c.get("/api/v1/predictions/" + id)).get("status").asText()).isEqualTo("running");
            try (Stream<Path> jobs = Files.list(dir.resolve("data-full/jobs"))) {
                assertThat(jobs.count()).isEqualTo(2);
            }
        }
    }

    private static void assertEventuallyEmpty(Path folder) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Path> left;
            try (Stream<Path> s = Files.list(folder)) {
                left = s.toList();
            }
            if (left.isEmpty()) {
                return;
            }
            assertThat(System.nanoTime()).as("left in %s: %s", folder, left).isLessThan(end);
            Thread.sleep(100);
        }
    }
}
