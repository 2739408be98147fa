package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.train.BlobDataset;
import org.plegdf.train.RunConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;

/**
 * Every bad input of docs/errors.md, through the command line: one line naming the file and the
 * problem, the documented exit code, no stack trace, and nothing already written damaged.
 */
class BadInputTest {
    @TempDir Path tmp;
    Path data;
    Path cfg;

    @BeforeEach
    void tinyDataset() throws Exception {
        data = BlobDataset.write(tmp.resolve("data"), 4, 2, 2, 3, 48, 1);
        RunConfig rc = BlobDataset.tinyRun();
        cfg = tmp.resolve("cfg.json");
        Json.write(cfg, rc);
    }

    private CliRunner.Result train(Path dataDir, Path out) {
        return CliRunner.run("train", "--data", dataDir.toString(), "--out", out.toString(), "--config", cfg.toString());
    }

    static void assertOneLine(CliRunner.Result r, int code, String... contains) {
        CliRunner.assertRefused(r, code, contains);
    }

    private void rewriteManifest(String from, String to) throws Exception {
        Path m = data.resolve("manifest.csv");
        Files.writeString(m, Files.readString(m).replace(from, to));
    }

    @Test
    void missingOrEmptyDatasetFolder() throws Exception {
        assertOneLine(train(tmp.resolve("nowhere"), tmp.resolve("r")), ExitCodes.BAD_DATASET, "nowhere");
        Files.createDirectories(tmp.resolve("empty"));
        assertOneLine(train(tmp.resolve("empty"), tmp.resolve("r")), ExitCodes.BAD_DATASET, "empty");
    }

    @Test
    void manifestWithAMissingColumn() throws Exception {
        rewriteManifest("video_id,subject_id,split,bdi,path", "video_id,subject_id,split,path");
        assertOneLine(train(data, tmp.resolve("r")), ExitCodes.BAD_DATASET, "manifest.csv");
    }

    @Test
    void manifestWithABadNumberOrALabelOutsideTheScale() throws Exception {
        List<String> lines = Files.readAllLines(data.resolve("manifest.csv"));
        String row = lines.get(2);
        String[] f = row.split(",");
        Files.writeString(data.resolve("manifest.csv"), String.join("\n", lines).replace(row, f[0] + "," + f[1] + "," + f[2] + ",abc," + f[4]));
        assertOneLine(train(data, tmp.resolve("r")), ExitCodes.BAD_DATASET, "manifest.csv line 3", "abc");
        Files.writeString(data.resolve("manifest.csv"), String.join("\n", lines).replace(row, f[0] + "," + f[1] + "," + f[2] + ",70," + f[4]));
        assertOneLine(train(data, tmp.resolve("r")), ExitCodes.BAD_DATASET, "manifest.csv line 3", "70");
    }

    @Test
    void duplicateVideoIdAndMissingPath() throws Exception {
        rewriteManifest("v1,s1", "v0,s1");
        assertOneLine(train(data, tmp.resolve("r")), ExitCodes.BAD_DATASET, "manifest.csv", "v0");
        rewriteManifest("v0,s1", "v1,s1");
        rewriteManifest("frames/v2", "frames/gone");
        assertOneLine(train(data, tmp.resolve("r")), ExitCodes.BAD_DATASET, "manifest.csv", "gone");
    }

    @Test
    void frameFolderWithNoImages() throws Exception {
        try (var s = Files.list(data.resolve("frames/v3"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        assertOneLine(train(data, tmp.resolve("r")), ExitCodes.BAD_DATASET, "v3");
    }

    @Test
    void truncatedImageIsNamed() throws Exception {
        Path png = data.resolve("frames/v0/f001.png");
        byte[] b = Files.readAllBytes(png);
        Files.write(png, java.util.Arrays.copyOf(b, b.length / 3));
        assertOneLine(train(data, tmp.resolve("r")), ExitCodes.BAD_IMAGE, "f001.png");
    }

    @Test
    void grayscaleAndOddSizedImagesAreConvertedNotRefused() throws Exception {
        var gray = new java.awt.image.BufferedImage(37, 53, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        javax.imageio.ImageIO.write(gray, "png", data.resolve("frames/v0/f000.png").toFile());
        CliRunner.Result r = train(data, tmp.resolve("r"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void tooFewTrainingVideosOrNoDevSplit() throws Exception {
        rewriteManifest(",train,", ",test,");
        assertOneLine(train(data, tmp.resolve("r")), ExitCodes.BAD_DATASET, "train");
        rewriteManifest(",test,", ",train,");
        rewriteManifest(",dev,", ",train,");
        assertOneLine(train(data, tmp.resolve("r2")), ExitCodes.BAD_DATASET, "dev");
    }

    @Test
    void outputThatCannotBeWrittenAndAnExistingRunIsKept() throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a folder");
        assertOneLine(train(data, file.resolve("run")), ExitCodes.OUTPUT_NOT_WRITABLE, "a-file");

        Path run = tmp.resolve("run");
        assertThat(train(data, run).code()).isZero();
        byte[] weights = Files.readAllBytes(run.resolve("model/weights.safetensors"));
        String history = Files.readString(run.resolve("history.csv"));
        assertOneLine(train(data, run), ExitCodes.OUTPUT_NOT_WRITABLE, "already holds a training run", "--resume");
        assertThat(Files.readAllBytes(run.resolve("model/weights.safetensors"))).isEqualTo(weights);
        assertThat(Files.readString(run.resolve("history.csv"))).isEqualTo(history);
    }

    @Test
    void modelFoldersThatAreMissingCorruptIncompatibleOrMismatched() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(train(data, run).code()).isZero();
        String[] eval = {"evaluate", "--data", data.toString(), "--out", tmp.resolve("e").toString(), "--model"};

        assertOneLine(CliRunner.run(append(eval, tmp.resolve("absent").toString())), ExitCodes.BAD_MODEL, "absent");

        Path model = run.resolve("model");
        Path weights = model.resolve("weights.safetensors");
        byte[] good = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(good, good.length - 100));
        assertOneLine(CliRunner.run(append(eval, model.toString())), ExitCodes.BAD_MODEL, "weights.safetensors", "truncated");
        Files.write(weights, good);

        Path config = model.resolve("config.json");
        String json = Files.readString(config);
        Files.writeString(config, json.replace("\"format_version\" : 1", "\"format_version\" : 7"));
        assertOneLine(CliRunner.run(append(eval, model.toString())), ExitCodes.BAD_MODEL, "config.json", "newer");
        Files.writeString(config, json.replace("\"dim\" : 32", "\"dim\" : 24"));
        assertOneLine(CliRunner.run(append(eval, model.toString())), ExitCodes.BAD_MODEL, "do not match");
        Files.writeString(config, "{ truncated");
        assertOneLine(CliRunner.run(append(eval, model.toString())), ExitCodes.BAD_MODEL, "config.json");
    }

    private static String[] append(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
