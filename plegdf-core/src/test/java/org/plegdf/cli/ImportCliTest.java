package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.Folds;
import org.plegdf.importer.ImportTrees;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;

/** plegdf import on the command line, and train/evaluate on what it wrote: the dataset's scale and a chosen fold. */
class ImportCliTest {
    @TempDir Path tmp;

    /** Six subjects with one or two frame folders each and PHQ-8 scores, no split column. */
    private Path study() throws Exception {
        Path root = tmp.resolve("study");
        Random rng = new Random(4);
        StringBuilder csv = new StringBuilder("id,score,subject\n");
        for (int s = 1; s <= 6; s++) {
            for (int v = 1; v <= 1 + s % 2; v++) {
                String id = "s" + s + "v" + v;
                Path dir = Files.createDirectories(root.resolve(id));
                for (int f = 0; f < 3; f++) {
                    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
                    java.awt.Graphics2D g = img.createGraphics();
                    g.setColor(new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)));
                    g.fillRect(0, 0, 64, 64);
                    g.dispose();
                    ImageIO.write(img, "png", dir.resolve("f" + f + ".png").toFile());
                }
                csv.append(id).append(',').append(rng.nextInt(25)).append(",S").append(s).append('\n');
            }
        }
        Files.writeString(tmp.resolve("labels.csv"), csv);
        return root;
    }

    @Test
    void importedScaleAndFoldsReachTrainAndEvaluate() throws Exception {
        Path root = study();
        Path data = tmp.resolve("data");
        CliRunner.Result imp = CliRunner.run("import", "csv", "--root", root.toString(), "--labels", tmp.resolve("labels.csv").toString(),
                "--out", data.toString(), "--scale-max", "24", "--folds", "3", "--seed", "5");
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("scores on PHQ-8 (0-24)\nsplit  recordings  videos  subjects  labelled  unlabelled  range       mean\n")
                .contains("total           9       9         6         9           0  ")
                .contains("folds: 3 subject-grouped folds, seed 5, in folds.csv\n");

        Path cfg = tmp.resolve("tiny.json");
        Files.writeString(cfg, """
                {"model": {"backbone": "resnet18-quarter", "input_size": 64, "dim": 32, "heads": 4, "regions": 2, "encoder_layers": 1},
                 "training": {"epochs": 1, "batch_size": 8, "frame_step": 1, "max_frames_per_video": 1, "eval_max_frames": 1,
                              "workers": 1, "device": "cpu"}}
                """);
        Path run = tmp.resolve("run");
        CliRunner.Result train = CliRunner.run("train", "--data", data.toString(), "--out", run.toString(), "--config", cfg.toString(), "--fold", "2");
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode rc = Json.mapper().readTree(run.resolve("run_config.json").toFile());
        assertThat(rc.get("model").get("scale").get("name").asText()).isEqualTo("PHQ-8"); // from dataset.json
        assertThat(rc.get("training").get("fold").asInt()).isEqualTo(2);
        assertThat(Json.mapper().readTree(run.resolve("model/config.json").toFile()).get("scale").get("max").asDouble()).isEqualTo(24);

        Path eval = tmp.resolve("eval");
        CliRunner.Result ev = CliRunner.run("evaluate", "--model", run.toString(), "--data", data.toString(), "--split", "dev",
                "--out", eval.toString(), "--device", "cpu");
        assertThat(ev.code()).as(ev.err()).isZero();
        JsonNode metrics = Json.mapper().readTree(eval.resolve("metrics.json").toFile());
        assertThat(metrics.get("scale").asText()).isEqualTo("PHQ-8");
        List<String> evaluated = new ArrayList<>();
        metrics.get("per_video").forEach(v -> evaluated.add(v.get("video_id").asText()));
        Map<String, Integer> folds = Folds.read(data.resolve("folds.csv"));
        List<String> fold2 = folds.entrySet().stream().filter(e -> e.getValue() == 2).map(Map.Entry::getKey).toList();
        assertThat(evaluated).isNotEmpty().containsExactlyInAnyOrderElementsOf(fold2); // the run's held-out fold, not fold 1

        CliRunner.Result badFold = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("run2").toString(), "--fold", "7");
        assertThat(badFold.code()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(badFold.err().strip()).isEqualTo("plegdf: error: fold 7 does not exist: " + data.resolve("folds.csv") + " has folds 1-3");
        CliRunner.Result badScale = CliRunner.run("train", "--data", data.toString(), "--out", tmp.resolve("run3").toString(), "--scale", "BDI-II");
        assertThat(badScale.code()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(badScale.err().strip()).isEqualTo("plegdf: error: --scale BDI-II but the labels of " + data + " are on PHQ-8 (its dataset.json)");
    }

    @Test
    void preprocessCarriesTheScaleAndFoldsToTheManifestItWrites() throws Exception {
        Path root = tmp.resolve("videos");
        StringBuilder csv = new StringBuilder("id,score,subject\n");
        for (int i = 1; i <= 4; i++) {
            ImportTrees.video(root.resolve("v" + i + ".mp4"));
            csv.append("v").append(i).append(',').append(i).append(",S").append(i).append('\n');
        }
        Files.writeString(tmp.resolve("labels.csv"), csv);
        Path data = tmp.resolve("data");
        assertThat(CliRunner.run("import", "csv", "--root", root.toString(), "--labels", tmp.resolve("labels.csv").toString(),
                "--out", data.toString(), "--scale", "HAM-D", "--folds", "2").code()).isZero();
        Path frames = tmp.resolve("frames");
        CliRunner.Result r = CliRunner.run("preprocess", "--input", data.resolve("manifest.csv").toString(), "--out", frames.toString(),
                "--workers", "1", "--no-progress");
        // The generated videos hold no face: reported by its own exit code, and the sidecars still follow.
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.SOME_WITHOUT_FACE);
        assertThat(frames.resolve("manifest.csv")).hasContent("video_id,subject_id,split,bdi,path");
        assertThat(frames.resolve("dataset.json")).hasSameTextualContentAs(data.resolve("dataset.json"));
        assertThat(frames.resolve("folds.csv")).hasSameTextualContentAs(data.resolve("folds.csv"));
        assertThat(Json.mapper().readTree(frames.resolve("dataset.json").toFile()).get("scale").get("name").asText()).isEqualTo("HAM-D");
    }

    @Test
    void badImportsGiveOneLineAndTheirExitCode() throws Exception {
        Path root = study();
        String labels = tmp.resolve("labels.csv").toString();
        String out = tmp.resolve("out").toString();
        CliRunner.Result r = CliRunner.run("import", "avec2099", "--root", root.toString(), "--out", out);
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("plegdf: error: unknown layout 'avec2099' (choose avec2013, avec2014, openface, csv)");

        r = CliRunner.run("import", "csv", "--root", root.toString(), "--out", out);
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("plegdf: error: csv needs --labels FILE.csv (id,score[,subject][,split])");

        r = CliRunner.run("import", "csv", "--root", root.toString(), "--labels", labels, "--out", out, "--scale", "PHQ-9", "--scale-max", "24");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("plegdf: error: --scale PHQ-9 goes to 27, not --scale-max 24");

        Files.writeString(tmp.resolve("leak.csv"), "id,score,subject,split\ns1v1,3,S1,train\ns2v1,4,S2,dev\ns1v2,5,S1,test\n");
        r = CliRunner.run("import", "csv", "--root", root.toString(), "--labels", tmp.resolve("leak.csv").toString(), "--out", out);
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_DATASET);
        assertThat(r.err().strip()).startsWith("plegdf: error: subject 'S1' is in train (").contains(") and in test (")
                .doesNotContain("\n").doesNotContain("at org.");
        assertThat(r.out()).isEmpty();
    }
}
