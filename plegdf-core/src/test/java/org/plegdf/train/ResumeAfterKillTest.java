package org.plegdf.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.Split;
import org.plegdf.model.Ablation;
import org.plegdf.model.BackboneSpec;
import org.plegdf.model.Safetensors;
import org.plegdf.testkit.TinyModel;
import org.plegdf.util.Json;

/**
 * Crash safety and reproducibility. Two uninterrupted runs with the same seed end with identical
 * weights and metrics.json. A training process halted dead (as by SIGKILL) in the middle of an epoch
 * resumes from its last checkpoint and ends with the same history and weights as an uninterrupted
 * run, to float precision (bit-identical in most trials; see docs/reproducibility.md).
 */
class ResumeAfterKillTest {
    @TempDir Path tmp;

    private Process start(Path log, String... args) throws Exception {
        return start(log, List.of(), args);
    }

    private Process start(Path log, List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.plegdf.cli.PlegdfCli"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int finish(Process p, Path log) throws Exception {
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("process finished").isTrue();
        if (p.exitValue() != 0) {
            System.out.println(Files.readString(log));
        }
        return p.exitValue();
    }

    @Test
    void killedRunResumesToTheSameWeightsAndMetrics() throws Exception {
        Path data = BlobDataset.write(tmp.resolve("data"), 8, 2, 2, 12, 48, 5);
        RunConfig rc = new RunConfig();
        rc.model = TinyModel.config(BackboneSpec.RESNET18_QUARTER, Ablation.FULL, 48);
        rc.model.dropout = 0.1; // dropout streams must be reproduced too
        rc.training = TrainingRunTest.quickTraining(4);
        rc.training.batchSize = 8;
        rc.training.maxFramesPerVideo = 12;
        Path cfg = tmp.resolve("config.json");
        Json.write(cfg, rc);

        Path full = tmp.resolve("full");
        assertThat(finish(start(tmp.resolve("full.log"), "train", "--data", data.toString(), "--out", full.toString(),
                "--config", cfg.toString()), tmp.resolve("full.log"))).isZero();

        // Killed dead in the middle of the second epoch (12 steps an epoch: 8 videos x 12 frames, batches of 8), at an
        // exact step rather than after a guessed sleep; halt() runs no shutdown hook, as SIGKILL would not.
        Path killed = tmp.resolve("killed");
        Process p = start(tmp.resolve("killed.log"), List.of("-Dplegdf.test.haltAfterSteps=18"),
                "train", "--data", data.toString(), "--out", killed.toString(), "--config", cfg.toString());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("halted").isEqualTo(137);
        assertThat(killed.resolve("checkpoints/latest")).as("the first epoch's checkpoint").isRegularFile();
        assertThat(killed.resolve("result.json")).doesNotExist();

        int resumed = finish(start(tmp.resolve("resume.log"), "train", "--resume", killed.toString()), tmp.resolve("resume.log"));
        assertThat(resumed).isZero();
        assertThat(Files.readString(tmp.resolve("resume.log"))).contains("resuming");

        // Bit for bit: the killed-and-resumed run ends exactly where the uninterrupted one does.
        assertSameHistory(killed.resolve("history.csv"), full.resolve("history.csv"));
        assertThat(Arrays.equals(Files.readAllBytes(killed.resolve("model/weights.safetensors")),
                Files.readAllBytes(full.resolve("model/weights.safetensors")))).as("resumed weights identical").isTrue();
        File[] left = killed.resolve("checkpoints").toFile().listFiles(f -> f.getName().startsWith("."));
        assertThat(left).as("no half-written checkpoint left behind").isEmpty();

        // Reproducibility: a second uninterrupted run gives bit-identical weights and metrics.json.
        Path again = tmp.resolve("again");
        assertThat(finish(start(tmp.resolve("again.log"), "train", "--data", data.toString(), "--out", again.toString(),
                "--config", cfg.toString()), tmp.resolve("again.log"))).isZero();
        assertThat(Arrays.equals(Files.readAllBytes(again.resolve("model/weights.safetensors")),
                Files.readAllBytes(full.resolve("model/weights.safetensors")))).as("identical weights").isTrue();
        var m = ManifestReader.read(data);
        Evaluation.run(RunFolder.of(full), m, Split.TEST, tmp.resolve("evalA"), "cpu");
        Evaluation.run(RunFolder.of(again), m, Split.TEST, tmp.resolve("evalB"), "cpu");
        assertThat(Files.readString(tmp.resolve("evalB/metrics.json"))).isEqualTo(Files.readString(tmp.resolve("evalA/metrics.json")));
    }

    private static float[] weights(Path run) {
        var t = Safetensors.read(run.resolve("model/weights.safetensors")).tensors();
        int n = t.values().stream().mapToInt(x -> x.values().length).sum();
        float[] out = new float[n];
        int o = 0;
        for (var x : t.values()) {
            System.arraycopy(x.values(), 0, out, o, x.values().length);
            o += x.values().length;
        }
        return out;
    }

    /** Same epochs, losses and dev metrics (wall time aside), exactly as written. */
    private static void assertSameHistory(Path actual, Path expected) throws Exception {
        List<String> a = Files.readAllLines(actual);
        List<String> e = Files.readAllLines(expected);
        assertThat(a).hasSameSizeAs(e);
        assertThat(a.get(0)).isEqualTo(e.get(0));
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split(",");
            String[] y = e.get(i).split(",");
            assertThat(x[0]).isEqualTo(y[0]);
            for (int c = 1; c < x.length - 1; c++) {
                assertThat(x[c]).as("history row %d column %d", i, c).isEqualTo(y[c]);
            }
        }
    }
}
