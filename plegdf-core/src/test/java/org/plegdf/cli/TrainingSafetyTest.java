package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.DatasetInfo;
import org.plegdf.model.RatingScale;
import org.plegdf.predict.PredictFixtures;
import org.plegdf.store.RunFiles;
import org.plegdf.store.RunLock;
import org.plegdf.train.BlobDataset;
import org.plegdf.train.RunConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;

/**
 * What a new user hit in training (issue 13), through the command line: settings silently ignored
 * or mixed up, run folders written by two processes, a divergence that crashed.
 */
class TrainingSafetyTest {
    @TempDir Path tmp;
    Path data;
    Path cfg;

    @BeforeEach
    void tinyDatasetAndRun() throws Exception {
        data = BlobDataset.write(tmp.resolve("data"), 4, 2, 2, 3, 48, 1);
        cfg = BlobDataset.writeTinyRun(tmp.resolve("cfg.json"));
    }

    private CliRunner.Result train(Path out, String... more) {
        String[] base = {"train", "--data", data.toString(), "--out", out.toString(), "--config", cfg.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRunner.run(args);
    }

    private static void refused(CliRunner.Result r, int code, String... contains) {
        CliRunner.assertRefused(r, code, contains);
    }

    @Test
    void aResumeKeepsTheRecordedSettingsAndMayOnlyExtendTheEpochs() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(train(run).code()).isZero();
        Path other = BlobDataset.write(tmp.resolve("other"), 4, 2, 2, 3, 48, 2);

        refused(CliRunner.run("train", "--resume", run.toString(), "--data", other.toString()), ExitCodes.USAGE, "--data", "trained on");
        refused(CliRunner.run("train", "--resume", run.toString(), "--seed", "7"), ExitCodes.USAGE, "--seed 7 (the run has 42)");
        refused(CliRunner.run("train", "--resume", run.toString(), "--input-size", "64"), ExitCodes.USAGE, "--input-size 64 (the run has 48)");
        refused(CliRunner.run("train", "--resume", run.toString(), "--out", tmp.resolve("elsewhere").toString()), ExitCodes.USAGE, "--out");

        // Nothing left to do: no file changes.
        byte[] info = Files.readAllBytes(run.resolve(RunFiles.RUN_INFO));
        byte[] history = Files.readAllBytes(run.resolve(RunFiles.HISTORY));
        CliRunner.Result again = CliRunner.run("train", "--resume", run.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Files.readAllBytes(run.resolve(RunFiles.RUN_INFO))).isEqualTo(info);
        assertThat(Files.readAllBytes(run.resolve(RunFiles.HISTORY))).isEqualTo(history);

        // --epochs extends a finished run, and says so.
        CliRunner.Result longer = CliRunner.run("train", "--resume", run.toString(), "--epochs", "2");
        assertThat(longer.code()).as(longer.err()).isZero();
        assertThat(longer.out()).contains("extending").contains("from 1 to 2 epochs");
        assertThat(Files.readAllLines(run.resolve(RunFiles.HISTORY))).hasSize(3);
        assertThat(RunConfig.of(new RunFiles(run)).training.epochs).isEqualTo(2);
    }

    @Test
    void aRunFolderIsWrittenByOneProcessOnly() throws Exception {
        Path run = tmp.resolve("run");
        try (RunLock held = RunLock.acquire(run, "training run")) {
            refused(train(run), ExitCodes.OUTPUT_NOT_WRITABLE, "another plegdf process", "pid " + ProcessHandle.current().pid());
        }
        assertThat(run.resolve(RunFiles.RUN_CONFIG)).doesNotExist();
        // A lock file left by a process that died is stale: the next run takes it over.
        Files.writeString(run.resolve(RunLock.FILE), "pid 999999\n");
        assertThat(train(run).code()).isZero();
    }

    @Test
    void aPreprocessOutputIsWrittenByOneProcessOnly() throws Exception {
        Path video = PredictFixtures.tomVideo(tmp.resolve("tom.mp4"));
        Path out = tmp.resolve("faces");
        try (RunLock held = RunLock.acquire(out, "preprocess output")) {
            refused(CliRunner.run("preprocess", "--input", video.toString(), "--out", out.toString(), "--no-progress"),
                    ExitCodes.OUTPUT_NOT_WRITABLE, "another plegdf process", "preprocess output");
        }
        assertThat(out.resolve("preprocess-summary.json")).doesNotExist();
    }

    @Test
    void aFolderOfOtherFilesIsNotARunFolder() throws Exception {
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("history.csv"), "my own table\n");
        refused(train(mine), ExitCodes.OUTPUT_NOT_WRITABLE, "not empty", "history.csv");
        assertThat(Files.readString(mine.resolve("history.csv"))).isEqualTo("my own table\n");
    }

    @Test
    void cpuDefaultsAreLayeredUnderTheConfigFile() throws Exception {
        Path onlyTraining = tmp.resolve("training-only.json");
        Files.writeString(onlyTraining, "{\"training\": {\"epochs\": 1, \"batch_size\": 4, \"device\": \"cpu\", \"max_frames_per_video\": 2, \"eval_max_frames\": 2}}");
        Path run = tmp.resolve("run");
        CliRunner.Result r = CliRunner.run("train", "--data", data.toString(), "--out", run.toString(), "--config", onlyTraining.toString(),
                "--cpu-defaults", "--input-size", "64");
        assertThat(r.code()).as(r.err()).isZero();
        RunConfig rc = RunConfig.of(new RunFiles(run));
        assertThat(rc.model.backbone).isEqualTo("resnet18-quarter");
        assertThat(rc.model.dim).isEqualTo(64);
        assertThat(rc.model.inputSize).isEqualTo(64);
        assertThat(rc.training.epochs).isEqualTo(1);
        assertThat(rc.training.lrBackbone).as("from --cpu-defaults, not in the file").isEqualTo(1e-3);
    }

    @Test
    void aDivergingRunEndsWithItsExitCodeAndOneLine() throws Exception {
        RunConfig rc = BlobDataset.tinyRun();
        rc.training.lrHead = 1e9;
        rc.training.lrBackbone = 1e9;
        rc.training.epochs = 2;
        Json.write(cfg, rc);
        refused(train(tmp.resolve("run")), ExitCodes.TRAINING_DIVERGED, "training diverged");
    }

    @Test
    void aModelThatDidNotBeatTheMeanPredictorSaysSoInTheLastLine() throws Exception {
        // One image for every video and labels of mean 20 in train and dev: nothing to learn, no constant beats 20.
        Path none = BlobDataset.writeNoSignal(tmp.resolve("none"), 4, 2, 2);
        Path run = tmp.resolve("run");
        CliRunner.Result r = CliRunner.run("train", "--data", none.toString(), "--out", run.toString(), "--config", cfg.toString());
        assertThat(r.code()).as("a warning, not an error").isZero();
        java.util.List<String> lines = r.out().strip().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("warning: the selected model's dev RMSE ")
                .contains("is not below the mean predictor's 10.00").contains("do not use its scores");
        JsonNode result = Json.mapper().readTree(run.resolve(RunFiles.RESULT).toFile());
        assertThat(result.get("beats_mean_predictor").asBoolean()).isFalse();
        assertThat(result.get("dev_mean_predictor_rmse").asDouble()).isEqualTo(10.0);
        assertThat(result.get("dev_rmse").asDouble()).isGreaterThanOrEqualTo(10.0);
        // A resume with nothing left to do says it again.
        CliRunner.Result again = CliRunner.run("train", "--resume", run.toString());
        assertThat(again.out().strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("warning: the selected model's dev RMSE");
    }

    @Test
    void negativeWorkersAreRefused() {
        refused(train(tmp.resolve("run"), "--workers", "-1"), ExitCodes.BAD_CONFIG, "workers must be >= 0");
    }

    @Test
    void evaluateRefusesLabelsOnAnotherScale() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(train(run).code()).isZero();
        new DatasetInfo("test", RatingScale.phq8(), DatasetInfo.RANDOM, null, 1L).write(data);
        refused(CliRunner.run("evaluate", "--model", run.toString(), "--data", data.toString(), "--out", tmp.resolve("ev").toString()),
                ExitCodes.BAD_DATASET, "PHQ-8", "BDI-II");
    }

    @Test
    void evaluateTakesABundle() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(train(run).code()).isZero();
        Path bundle = tmp.resolve("m.plegdf");
        assertThat(CliRunner.run("export", "--model", run.toString(), "--out", bundle.toString()).code()).isZero();
        CliRunner.Result ev = CliRunner.run("evaluate", "--model", bundle.toString(), "--data", data.toString(), "--out", tmp.resolve("ev").toString());
        assertThat(ev.code()).as(ev.err()).isZero();
        assertThat(tmp.resolve("ev/metrics.json")).isRegularFile();
    }

    @Test
    void modelShowsTheCpuDemoNetwork() {
        CliRunner.Result r = CliRunner.run("model", "--cpu-defaults");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("backbone=resnet18-quarter").contains("input=112x112").contains("D=64").contains("905,171");
    }

    @Test
    void metricsWriteAnUndefinedCorrelationAsNull() throws Exception {
        // Untrained, every video gets the same clamped score: Pearson's r is undefined.
        RunConfig rc = BlobDataset.tinyRun();
        rc.training.lrHead = 1e-12;
        rc.training.lrBackbone = 0;
        Json.write(cfg, rc);
        Path run = tmp.resolve("run");
        assertThat(train(run).code()).isZero();
        CliRunner.Result ev = CliRunner.run("evaluate", "--model", run.toString(), "--data", data.toString(), "--out", tmp.resolve("ev").toString());
        assertThat(ev.code()).as(ev.err()).isZero();
        String json = Files.readString(tmp.resolve("ev/metrics.json"));
        assertThat(json).doesNotContain("NaN");
        JsonNode m = Json.mapper().readTree(json);
        assertThat(m.get("pcc").isNull() || m.get("pcc").isNumber()).isTrue();
    }

    @Test
    void ablateRefusesToReuseRunsMadeWithOtherSettings() throws Exception {
        Path out = tmp.resolve("ablate");
        CliRunner.Result first = CliRunner.run("ablate", "--data", data.toString(), "--out", out.toString(), "--config", cfg.toString());
        assertThat(first.code()).as(first.err()).isZero();
        refused(CliRunner.run("ablate", "--data", data.toString(), "--out", out.toString(), "--config", cfg.toString(), "--epochs", "2"),
                ExitCodes.OUTPUT_NOT_WRITABLE, "other settings", "training.epochs: 1 recorded, 2 asked", "--force");
        refused(CliRunner.run("ablate", "--data", data.toString(), "--out", out.toString(), "--ablation", "full"), ExitCodes.USAGE, "--ablation");
        Map<?, ?> table = Json.mapper().readValue(out.resolve("ablation.json").toFile(), Map.class);
        assertThat(table.get("ablations")).asList().hasSize(4);
    }
}
