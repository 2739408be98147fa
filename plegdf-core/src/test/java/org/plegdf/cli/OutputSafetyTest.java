package org.plegdf.cli;

import org.plegdf.testkit.TinyModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.plegdf.cli.BadInputTest.assertOneLine;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.model.Ablation;
import org.plegdf.predict.PredictFixtures;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;

/**
 * Nothing a user already has is replaced by accident: export and demo-video refuse an existing
 * file unless --force, export never writes inside the model it reads, import refuses a folder
 * that holds something else, predict's default folders do not collide, and bench-predict checks
 * its inputs before building anything.
 */
class OutputSafetyTest {
    @TempDir static Path dir;
    static Path run;

    @BeforeAll
    static void model() {
        run = dir.resolve("run");
        PredictFixtures.saveUntrained(run.resolve("model"), TinyModel.config(Ablation.FULL), 5);
    }

    @Test
    void exportRefusesAnExistingFileUnlessForcedAndNeverWritesIntoTheModel() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes");
        assertOneLine(CliRunner.run("export", "--model", run.toString(), "--out", notes.toString()),
                ExitCodes.OUTPUT_NOT_WRITABLE, notes.toString(), "already exists", "--force");
        assertThat(notes).hasContent("my notes");

        Path weights = run.resolve("model/weights.safetensors");
        byte[] before = Files.readAllBytes(weights);
        for (String force : new String[] {"--force", "--model"}) { // with and without --force
            String[] args = force.equals("--force")
                    ? new String[] {"export", "--model", run.toString(), "--out", weights.toString(), "--force"}
                    : new String[] {"export", "--model", run.resolve("model").toString(), "--out", run.resolve("model/m.plegdf").toString()};
            CliRunner.Result r = CliRunner.run(args);
            assertOneLine(r, ExitCodes.OUTPUT_NOT_WRITABLE, "inside the model folder");
        }
        assertThat(Files.readAllBytes(weights)).isEqualTo(before);
        assertThat(run.resolve("model/m.plegdf")).doesNotExist();

        CliRunner.Result forced = CliRunner.run("export", "--model", run.toString(), "--out", notes.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readAllBytes(notes)).startsWith('P', 'K'); // a zip now
        CliRunner.Result again = CliRunner.run("export", "--model", run.toString(), "--out", run.resolve("r1.plegdf").toString());
        assertThat(again.code()).as(again.err()).isZero(); // beside the model folder is fine
    }

    @Test
    void demoVideoRefusesAnExistingFileAndCreatesItsFolder() throws Exception {
        Path photo = PredictFixtures.tomPhoto();
        Path mine = Files.writeString(dir.resolve("mine.mp4"), "my own video");
        assertOneLine(CliRunner.run("demo-video", "--photo", photo.toString(), "--out", mine.toString(), "--seconds", "0.2"),
                ExitCodes.OUTPUT_NOT_WRITABLE, mine.toString(), "already exists");
        assertThat(mine).hasContent("my own video");

        Path nested = dir.resolve("new/folder/demo.mp4");
        CliRunner.Result r = CliRunner.run("demo-video", "--photo", photo.toString(), "--out", nested.toString(), "--seconds", "0.2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.size(nested)).isPositive();
        assertThat(nested.getParent().toFile().list()).containsExactly("demo.mp4"); // no temp file left

        CliRunner.Result forced = CliRunner.run("demo-video", "--photo", photo.toString(), "--out", mine.toString(), "--seconds", "0.2", "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readString(mine, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("my own video").contains("ftyp");
    }

    @Test
    void benchPredictWithAMissingPhotoFailsBeforeBuildingAnything() {
        Path work = dir.resolve("bench");
        assertOneLine(CliRunner.run("bench-predict", "--photo", dir.resolve("missing.jpg").toString(), "--work", work.toString()),
                ExitCodes.BAD_IMAGE, "missing.jpg", "not found");
        assertThat(work).doesNotExist();
        assertOneLine(CliRunner.run("bench-predict", "--video", dir.resolve("missing.mp4").toString(), "--work", work.toString()),
                ExitCodes.BAD_VIDEO, "missing.mp4", "not found");
        assertThat(work).doesNotExist();
    }

    @Test
    void importRefusesAFolderHoldingAnotherDatasetAndReplacesItsOwnImport() throws Exception {
        Path root = dir.resolve("study");
        for (String id : new String[] {"p1", "p2", "p3", "p4", "p5"}) {
            frames(root.resolve(id), 3, id.hashCode());
        }
        Path labels = Files.writeString(dir.resolve("labels.csv"), "id,score\np1,1\np2,5\np3,9\np4,12\np5,20\n");
        Path other = Files.createDirectories(dir.resolve("other-dataset"));
        String manifest = "video_id,subject_id,split,bdi,path\nv1,s1,train,3,frames/v1\n";
        Files.writeString(other.resolve("manifest.csv"), manifest);
        assertOneLine(CliRunner.run("import", "csv", "--root", root.toString(), "--labels", labels.toString(), "--out", other.toString()),
                ExitCodes.OUTPUT_NOT_WRITABLE, other.toString(), "not empty", "not an earlier import");
        assertThat(other.resolve("manifest.csv")).hasContent(manifest);

        Path data = dir.resolve("imported");
        for (int i = 0; i < 2; i++) { // an earlier import is ours: replaced
            CliRunner.Result r = CliRunner.run("import", "csv", "--root", root.toString(), "--labels", labels.toString(), "--out", data.toString());
            assertThat(r.code()).as(r.err()).isZero();
        }
    }

    @Test
    void predictDefaultFoldersAreUniqueForTwoInputsOfTheSameName() throws Exception {
        Path work = Files.createDirectories(dir.resolve("cwd"));
        Path a = frames(work.resolve("a/tom/frames"), 5, 1);
        Path b = frames(work.resolve("b/tom/frames"), 5, 2);
        for (Path in : new Path[] {a, b, a}) {
            Path log = dir.resolve("predict.log");
            int code = CliProcess.run(work, log, "predict", "--model", run.toString(), "--frames", work.relativize(in).toString(),
                    "--device", "cpu", "--no-progress", "--no-images");
            assertThat(code).as(Files.readString(log)).isZero();
        }
        assertThat(inputOf(work.resolve("prediction-tom"))).isEqualTo("a/tom/frames");
        assertThat(inputOf(work.resolve("prediction-tom-2"))).isEqualTo("b/tom/frames");
        assertThat(work.resolve("prediction-tom-3")).doesNotExist(); // a's second run replaced its own
    }

    private static String inputOf(Path predictionDir) throws Exception {
        JsonNode p = Json.mapper().readTree(predictionDir.resolve("prediction.json").toFile());
        return p.get("input").get("path").asText();
    }

    /** {@code n} 64 x 64 PNGs of plain colours. */
    static Path frames(Path d, int n, long seed) throws Exception {
        Files.createDirectories(d);
        java.util.Random rng = new java.util.Random(seed);
        for (int i = 1; i <= n; i++) {
            BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = img.createGraphics();
            g.setColor(new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)));
            g.fillRect(0, 0, 64, 64);
            g.dispose();
            ImageIO.write(img, "png", d.resolve(String.format("%06d.png", i)).toFile());
        }
        return d;
    }
}
