package org.plegdf.serve;

import org.plegdf.testkit.TinyModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.model.Ablation;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.predict.PredictFixtures;
import org.plegdf.predict.PredictOptions;
import org.plegdf.preprocess.PhotoVideo;

/**
 * {@code plegdf serve} as a process: killed with SIGKILL mid-job, started again on the same data
 * folder, it redoes the job and gets predictVideo's score; stopped with SIGTERM, it exits cleanly.
 */
class ServeProcessTest {
    private static final Pattern LISTENING = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir Path dir;

    @Test
    void aKilledServiceRedoesTheInterruptedJobWhenStartedAgain() throws Exception {
        Path model = PredictFixtures.saveUntrained(dir.resolve("model"), TinyModel.config(Ablation.FULL), 5, 18);
        Path video = dir.resolve("long.mp4");
        PhotoVideo.record(PredictFixtures.tomPhoto(), video, 300, 0.42, 0.55, 60, 0);
        Path data = dir.resolve("data");

        Started first = start(model, data, "first");
        String id;
        try {
            ServeClient c = first.client();
            var r = c.upload("long.mp4", Files.readAllBytes(video));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            id = ServeClient.json(r).get("id").asText();
            long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!ServeClient.json(c.get("/api/v1/predictions/" + id)).get("status").asText().equals("running")) {
                assertThat(System.nanoTime()).isLessThan(end);
                Thread.sleep(50);
            }
        } finally {
            first.process.destroyForcibly(); // SIGKILL: no shutdown hook, nothing tidied
            first.process.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(data.resolve("jobs").resolve(id).resolve("job.json"))).contains("\"running\"");

        Started second = start(model, data, "second");
        try {
            JsonNode job = second.client().await(id, Duration.ofMinutes(5));
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("done");
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            try (DepressionEstimator est = DepressionEstimator.load(model, PredictOptions.defaults(), "cpu")) {
                assertThat(job.at("/prediction/score").asDouble()).isEqualTo(est.predictVideo(video).score());
            }
        } finally {
            second.process.destroy(); // SIGTERM: the shutdown hook stops the server and closes the model
            assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        }
    }

    private record Started(Process process, int port) {
        ServeClient client() {
            return new ServeClient(port, null);
        }
    }

    private Started start(Path model, Path data, String name) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), "org.plegdf.cli.PlegdfCli", "serve", "--model", model.toString(),
                "--port", "0", "--data-dir", data.toString(), "--device", "cpu");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("start-up line; stderr: %s", Files.readString(dir.resolve(name + ".err"))).isNotNull().contains("plegdf serve:");
        Matcher m = LISTENING.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return new Started(p, Integer.parseInt(m.group(1)));
    }
}
