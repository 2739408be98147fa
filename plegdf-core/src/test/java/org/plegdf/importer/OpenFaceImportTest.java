package org.plegdf.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.plegdf.importer.ImportTrees.openFaceFrames;
import static org.plegdf.importer.ImportTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.RatingScale;
import org.plegdf.util.Json;

/** OpenFace FeatureExtraction output: <name>_aligned frame folders, with AVEC label files or a labels CSV. */
class OpenFaceImportTest {
    @TempDir Path tmp;

    private DatasetImport.Result importOpenFace(Path root, Path labels, Integer folds, long seed) {
        return DatasetImport.run(new ImportRequest(ImportLayout.OPENFACE, root, labels, tmp.resolve("out"), RatingScale.bdi2(), folds, seed));
    }

    @Test
    void alignedFoldersOfAnAvecTreeWithItsLabelFiles() throws Exception {
        Path root = tmp.resolve("openface");
        openFaceFrames(root.resolve("Training/203_1_Freeform_video_aligned"), 3);
        text(root.resolve("Training/203_1_Freeform_video.csv"), "frame, face_id, timestamp\n1, 0, 0.0\n"); // OpenFace's own CSV
        openFaceFrames(root.resolve("Training/203_1_Northwind_video_aligned"), 2);
        openFaceFrames(root.resolve("Training/run2/205_1_Freeform_video_ALIGNED"), 2);
        Files.createDirectories(root.resolve("Training/207_1_Freeform_video_aligned")); // OpenFace found no face
        openFaceFrames(root.resolve("Testing/236_1_Freeform_video_aligned"), 2);
        openFaceFrames(root.resolve("Testing/clip_aligned"), 2);
        text(root.resolve("labels/Training/203_1_Depression.csv"), "12");
        text(root.resolve("labels/Training/205_1_Depression.csv"), "30");

        DatasetImport.Result r = importOpenFace(root, null, null, 42);

        assertThat(Files.readString(r.manifest())).isEqualTo("""
                video_id,subject_id,split,bdi,path
                203_1_Freeform_video,203,train,12,../openface/Training/203_1_Freeform_video_aligned
                203_1_Northwind_video,203,train,12,../openface/Training/203_1_Northwind_video_aligned
                205_1_Freeform_video,205,train,30,../openface/Training/run2/205_1_Freeform_video_ALIGNED
                236_1_Freeform_video,236,test,,../openface/Testing/236_1_Freeform_video_aligned
                """);
        assertThat(r.report().replace(tmp.toString(), "TMP")).isEqualTo("""
                import openface from TMP/openface, scores on BDI-II (0-63)
                split  recordings  videos  subjects  labelled  unlabelled  range       mean
                train           2       3         2         2           0  12-30       21.00
                dev             0       0         0         0           0  -           -
                test            1       1         1         0           1  -           -
                total           3       4         3         2           1  12-30       21.00
                splits: official, from the Training/Development/Testing folders
                note: 1 unlabelled test recording(s) kept: predict works on them; evaluate leaves them out of its metrics
                could not pair 2 file(s):
                  TMP/openface/Testing/clip_aligned: name does not start with <subject>_<session>_, so it has no AVEC label file (a labels CSV, --labels FILE, can name it)
                  TMP/openface/Training/207_1_Freeform_video_aligned: no frame images (OpenFace found no face?)
                wrote TMP/out/manifest.csv, TMP/out/dataset.json, TMP/out/import-report.txt
                """);
        Manifest m = ManifestReader.read(tmp.resolve("out"));
        assertThat(m.needsPreprocessing()).isFalse(); // frame folders are ready for train
        assertThat(m.frames(m.find("203_1_Freeform_video").orElseThrow()).frames())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("frame_det_00_000001.bmp", "frame_det_00_000002.bmp", "frame_det_00_000003.bmp");
    }

    private Path studyWithoutSplits() throws Exception {
        Path root = tmp.resolve("of");
        StringBuilder csv = new StringBuilder("id,score,subject\n");
        for (int s = 1; s <= 10; s++) {
            for (int v = 1; v <= 1 + s % 3; v++) {
                String id = "p" + s + "_v" + v;
                openFaceFrames(root.resolve("batch" + (v % 2) + "/" + id + "_aligned"), 1);
                csv.append(id).append(',').append(s * 2 + v).append(",P").append(s).append('\n');
            }
        }
        openFaceFrames(root.resolve("batch0/stranger_aligned"), 1);
        csv.append("ghost,3,P99\n");
        text(tmp.resolve("scores.csv"), csv.toString());
        return root;
    }

    @Test
    void withALabelsCsvAndNoSplitsARandomSubjectGroupedSplitIsMadeFromTheSeed() throws Exception {
        Path root = studyWithoutSplits();
        DatasetImport.Result r = importOpenFace(root, tmp.resolve("scores.csv"), null, 7);
        Map<String, Split> subjectSplit = new HashMap<>();
        for (VideoRecord v : r.records()) {
            Split earlier = subjectSplit.putIfAbsent(v.subjectId(), v.split());
            assertThat(earlier == null || earlier == v.split()).as("subject %s in one split", v.subjectId()).isTrue();
        }
        assertThat(subjectSplit).hasSize(10);
        assertThat(subjectSplit.values().stream().filter(s -> s == Split.TEST).count()).isEqualTo(2);
        assertThat(subjectSplit.values().stream().filter(s -> s == Split.DEV).count()).isEqualTo(2);
        assertThat(r.records()).hasSize(20);
        String report = r.report().replace(tmp.toString(), "TMP");
        assertThat(report).contains("splits: none in the source; random by subject, 20% of the subjects each in dev and test, seed 7\n")
                .contains("  TMP/of/batch0/stranger_aligned: not in the labels file TMP/scores.csv\n")
                .contains("  TMP/scores.csv line 22: no ghost_aligned folder with frames under TMP/of\n");
        JsonNode info = Json.mapper().readTree(tmp.resolve("out/dataset.json").toFile());
        assertThat(info.get("splits").asText()).isEqualTo("random");
        assertThat(info.get("seed").asLong()).isEqualTo(7);

        String first = Files.readString(r.manifest());
        assertThat(Files.readString(importOpenFace(root, tmp.resolve("scores.csv"), null, 7).manifest())).isEqualTo(first);
        assertThat(Files.readString(importOpenFace(root, tmp.resolve("scores.csv"), null, 8).manifest())).isNotEqualTo(first);
    }

    @Test
    void withoutAnyLabelsItSaysWhereLabelsCanComeFrom() throws Exception {
        Path root = tmp.resolve("of");
        openFaceFrames(root.resolve("a_aligned"), 1);
        assertThatThrownBy(() -> importOpenFace(root, null, null, 1))
                .hasMessage(root + ": no labels found; give --labels FILE.csv (id,score[,subject][,split]) or put AVEC label files "
                        + "<subject>_<session>_Depression.csv under the root or --labels DIR");
    }
}
