package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.importer.ImportTrees;
import org.plegdf.util.ExitCodes;

/**
 * The AVEC layouts with OpenFace's aligned frame folders in place of the videos, and trees given
 * under the wrong layout: the error names the layout they match.
 */
class ImportLayoutsCliTest {
    @TempDir Path tmp;

    /** {@code n} 8 x 8 frames named as OpenFace's FeatureExtraction names them. */
    private static Path aligned(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        for (int i = 1; i <= n; i++) {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "bmp", dir.resolve(String.format("frame_det_00_%06d.bmp", i)).toFile());
        }
        return dir;
    }

    private Path labels(String... recordingSplitScore) throws Exception {
        Path labels = tmp.resolve("labels");
        for (String r : recordingSplitScore) {
            String[] f = r.split(",");
            Path file = labels.resolve(f[1] + "/DepressionLabels/" + f[0] + "_Depression.csv");
            Files.createDirectories(file.getParent());
            Files.writeString(file, f[2] + "\n");
        }
        return labels;
    }

    @Test
    void avec2014AfterOpenFaceTakesTheAlignedFoldersWithTheRecordingsLabelAndSplit() throws Exception {
        Path root = tmp.resolve("AVEC2014-openface");
        for (String task : new String[] {"Freeform", "Northwind"}) {
            aligned(root.resolve("Training/" + task + "/203_1_" + task + "_video_aligned"), 3);
            Files.writeString(root.resolve("Training/" + task + "/203_1_" + task + "_video.csv"), "frame, face_id\n1, 0\n");
            aligned(root.resolve("Training/" + task + "/205_2_" + task + "_video_aligned"), 2);
            aligned(root.resolve("Development/" + task + "/218_1_" + task + "_video_aligned"), 2);
            aligned(root.resolve("Testing/" + task + "/236_1_" + task + "_video_aligned"), 2);
        }
        Files.createDirectories(root.resolve("Testing/Freeform/240_1_Freeform_video_aligned")); // OpenFace found no face
        Path labels = labels("203_1,Training,23", "205_2,Training,7", "218_1,Development,31");
        Path data = tmp.resolve("data");
        CliRunner.Result r = CliRunner.run("import", "avec2014", "--root", root.toString(), "--labels", labels.toString(), "--out", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(data.resolve("manifest.csv"))).isEqualTo("""
                video_id,subject_id,split,bdi,path
                203_1_Freeform,203,train,23,../AVEC2014-openface/Training/Freeform/203_1_Freeform_video_aligned
                203_1_Northwind,203,train,23,../AVEC2014-openface/Training/Northwind/203_1_Northwind_video_aligned
                205_2_Freeform,205,train,7,../AVEC2014-openface/Training/Freeform/205_2_Freeform_video_aligned
                205_2_Northwind,205,train,7,../AVEC2014-openface/Training/Northwind/205_2_Northwind_video_aligned
                218_1_Freeform,218,dev,31,../AVEC2014-openface/Development/Freeform/218_1_Freeform_video_aligned
                218_1_Northwind,218,dev,31,../AVEC2014-openface/Development/Northwind/218_1_Northwind_video_aligned
                236_1_Freeform,236,test,,../AVEC2014-openface/Testing/Freeform/236_1_Freeform_video_aligned
                236_1_Northwind,236,test,,../AVEC2014-openface/Testing/Northwind/236_1_Northwind_video_aligned
                """);
        assertThat(r.out()).contains("240_1_Freeform_video_aligned: no frame images").doesNotContain("next: plegdf preprocess");

        // AVEC2013 the same way: one aligned folder per recording.
        Path root13 = tmp.resolve("AVEC2013-openface");
        aligned(root13.resolve("Video/Training/203_1_cut_combined_aligned"), 2);
        aligned(root13.resolve("Video/Training/209_2_cut_combined_aligned"), 2);
        aligned(root13.resolve("Video/Development/218_1_cut_combined_aligned"), 2);
        Path labels13 = tmp.resolve("labels13");
        for (String l : new String[] {"Training/203_1,4", "Training/209_2,0", "Development/218_1,9"}) {
            Path f = labels13.resolve(l.split(",")[0] + "_Depression.csv");
            Files.createDirectories(f.getParent());
            Files.writeString(f, l.split(",")[1]);
        }
        CliRunner.Result r13 = CliRunner.run("import", "avec2013", "--root", root13.toString(), "--labels", labels13.toString(),
                "--out", tmp.resolve("data13").toString());
        assertThat(r13.code()).as(r13.err()).isZero();
        assertThat(Files.readString(tmp.resolve("data13/manifest.csv"))).contains("203_1,203,train,4,../AVEC2013-openface/Video/Training/203_1_cut_combined_aligned\n")
                .contains("218_1,218,dev,9,");
    }

    @Test
    void aTreeGivenUnderTheWrongLayoutNamesTheLayoutItMatches() throws Exception {
        Path avec14 = tmp.resolve("AVEC2014");
        for (String task : new String[] {"Freeform", "Northwind"}) {
            ImportTrees.video(avec14.resolve("Training/" + task + "/203_1_" + task + "_video.mp4"));
            ImportTrees.video(avec14.resolve("Development/" + task + "/218_1_" + task + "_video.mp4"));
        }
        Path labels = labels("203_1,Training,23", "218_1,Development,31");
        Path avec13 = tmp.resolve("AVEC2013");
        ImportTrees.video(avec13.resolve("Training/203_1_cut_combined.mp4"));
        ImportTrees.video(avec13.resolve("Development/218_1_cut_combined.mp4"));
        Path study = tmp.resolve("study");
        ImportTrees.video(study.resolve("P01_baseline.mp4"));
        ImportTrees.video(study.resolve("P02_baseline.mp4"));
        String out = tmp.resolve("out").toString();

        String[][] cases = {
            {"avec2013", avec14.toString(), "layout avec2014: plegdf import avec2014"},
            {"avec2014", avec13.toString(), "it looks like layout avec2013 (2 video(s) or frame folder(s) named <subject>_<session>_, none Freeform or Northwind): plegdf import avec2013 --root " + avec13},
            {"openface", avec14.toString(), "it looks like layout avec2014 (4 Freeform/Northwind video(s) or frame folder(s) named <subject>_<session>_): plegdf import avec2014 --root " + avec14 + " --labels " + labels},
            {"avec2013", study.toString(), "it looks like layout csv (2 video(s) with names of your own): plegdf import csv --root " + study},
        };
        for (String[] c : cases) {
            CliRunner.Result r = CliRunner.run("import", c[0], "--root", c[1], "--labels", labels.toString(), "--out", out);
            assertThat(r.code()).as(c[0] + " on " + c[1] + ": " + r.err()).isEqualTo(ExitCodes.BAD_DATASET);
            String err = r.err().strip();
            assertThat(err).startsWith("plegdf: error: ").doesNotContain("\n").contains(c[2]);
        }
    }
}
