package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.store.RunFiles;
import org.plegdf.store.RunLock;
import org.plegdf.train.BlobDataset;
import org.plegdf.train.RunConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;

/** {@code plegdf cv} from the command line: killed and resumed, settings that changed, one writer. */
class CvCommandTest {
    @TempDir Path tmp;

    @Test
    void aKilledCrossValidationResumesItsUnfinishedFoldAndReusesTheFinishedOne() throws Exception {
        // 8 pooled videos of 4 subjects in 2 folds: 4 training videos x 4 frames, batches of 4, so 4 steps an
        // epoch and 8 a fold. Halted dead at step 13: fold 1 finished, fold 2 in its second epoch.
        Path data = BlobDataset.writePaired(tmp.resolve("data"), 6, 2, 2, 4, 48, 9);
        RunConfig rc = BlobDataset.tinyRun();
        rc.training.epochs = 2;
        Path cfg = tmp.resolve("cfg.json");
        Json.write(cfg, rc);
        Path out = tmp.resolve("cv");
        String[] cv = {"cv", "--data", data.toString(), "--folds", "2", "--out", out.toString(), "--config", cfg.toString()};
        Process p = CliProcess.start(tmp, tmp.resolve("killed.log"), List.of("-Dplegdf.test.haltAfterSteps=13"), cv);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("killed.log"))).isEqualTo(137);
        assertThat(out.resolve("fold-1/result.json")).isRegularFile();
        assertThat(out.resolve("fold-2/checkpoints/latest")).as("fold 2's first epoch").isRegularFile();
        assertThat(out.resolve("fold-2/result.json")).doesNotExist();
        assertThat(out.resolve("cv.json")).doesNotExist();
        byte[] fold1 = Files.readAllBytes(out.resolve("fold-1/model/weights.safetensors"));
        byte[] fold1History = Files.readAllBytes(out.resolve("fold-1/history.csv"));

        Path log = tmp.resolve("resume.log");
        assertThat(CliProcess.run(tmp, log, cv)).as(Files.readString(log)).isZero();
        String text = Files.readString(log);
        assertThat(text).contains("resuming " + out.resolve("fold-2") + " after epoch 1 of 2");
        assertThat(text).doesNotContain("resuming " + out.resolve("fold-1")).contains("fold 1: finished earlier with these settings, reused");
        assertThat(Files.readAllBytes(out.resolve("fold-1/model/weights.safetensors"))).as("fold 1 reused").isEqualTo(fold1);
        assertThat(Files.readAllBytes(out.resolve("fold-1/history.csv"))).isEqualTo(fold1History);
        assertThat(Files.readAllLines(out.resolve("fold-2/history.csv"))).hasSize(3);
        JsonNode json = Json.mapper().readTree(out.resolve("cv.json").toFile());
        assertThat(json.get("folds")).hasSize(2);
        assertThat(json.get("folds").get(1).get("epoch").asInt()).isBetween(1, 2);
        assertThat(text).contains("fold  videos").contains("mean ").contains("std ");

        // Asked with other settings: refused, naming the difference, nothing retrained.
        CliRunner.Result longer = CliRunner.run(withMore(cv, "--epochs", "3"));
        CliRunner.assertRefused(longer, ExitCodes.OUTPUT_NOT_WRITABLE, "fold-1", "training.epochs: 2 recorded, 3 asked", "--force");
        String[] threeFolds = cv.clone();
        threeFolds[4] = "3";
        CliRunner.assertRefused(CliRunner.run(threeFolds), ExitCodes.OUTPUT_NOT_WRITABLE, "other folds (2 folds recorded, 3 asked", "--force");
        assertThat(Files.readAllBytes(out.resolve("fold-1/model/weights.safetensors"))).isEqualTo(fold1);

        // Run again as it was: every fold reused, the same table.
        CliRunner.Result same = CliRunner.run(cv);
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(same.out()).contains("cross-validation, 2 folds: 2 subject-grouped folds").doesNotContain("resuming");
        assertThat(Json.mapper().readTree(out.resolve("cv.json").toFile())).isEqualTo(json);

        // One process at a time.
        try (RunLock held = RunLock.acquire(out, "cross-validation")) {
            CliRunner.assertRefused(CliRunner.run(cv), ExitCodes.OUTPUT_NOT_WRITABLE, "another plegdf process", "cross-validation");
        }
        assertThat(RunConfig.of(new RunFiles(out.resolve("fold-2"))).training.fold).isEqualTo(2);
    }

    @Test
    void aFolderOfOtherFilesIsNotRefilled() throws Exception {
        Path data = BlobDataset.writePaired(tmp.resolve("data"), 4, 2, 0, 1, 48, 9);
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("notes.txt"), "mine\n");
        CliRunner.assertRefused(CliRunner.run("cv", "--data", data.toString(), "--folds", "2", "--out", mine.toString()),
                ExitCodes.OUTPUT_NOT_WRITABLE, "holds no cross-validation", "notes.txt");
        CliRunner.assertRefused(CliRunner.run("cv", "--data", data.toString(), "--folds", "5", "--out", tmp.resolve("x").toString()),
                ExitCodes.BAD_DATASET, "--folds 5", "only 3 subject(s)");
        CliRunner.assertRefused(CliRunner.run("cv", "--data", data.toString(), "--folds", "1", "--out", tmp.resolve("x").toString()),
                ExitCodes.USAGE, "at least 2 folds");
    }

    private static String[] withMore(String[] base, String... more) {
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return args;
    }
}
