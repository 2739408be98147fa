package org.plegdf.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.plegdf.importer.ImportTrees.text;
import static org.plegdf.importer.ImportTrees.video;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.Folds;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.RatingScale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/** AVEC2013 and AVEC2014 trees as real copies look: nesting, case, separate label trees, missing labels, strays. */
class AvecImportTest {
    @TempDir Path tmp;

    private DatasetImport.Result importAvec(ImportLayout layout, Path root, Path labels, Integer folds) {
        return DatasetImport.run(new ImportRequest(layout, root, labels, tmp.resolve("out"), RatingScale.bdi2(), folds, 42));
    }

    /** The report with the temporary folder written as TMP, so it can be compared exactly. */
    private String report(DatasetImport.Result r) {
        return r.report().replace(tmp.toString(), "TMP");
    }

    private Path avec2014Tree() throws Exception {
        Path root = tmp.resolve("AVEC2014");
        video(root.resolve("Training/Freeform/203_1_Freeform_video.mp4"));
        video(root.resolve("Training/Northwind/203_1_Northwind_video.mp4"));
        video(root.resolve("Training/Freeform/205_2_Freeform_video.mp4"));
        video(root.resolve("Training/NORTHWIND/205_2_NORTHWIND_VIDEO.MP4")); // upper case throughout
        video(root.resolve("Training/Freeform/._203_1_Freeform_video.mp4")); // macOS copy debris: ignored
        text(root.resolve("Training/Freeform/203_1_Freeform_audio.wav"), "not a video");
        video(root.resolve("Training/Freeform/notes_video.mp4")); // stray: named in the report
        video(root.resolve("development/extra/nesting/Freeform/218_1_Freeform_video.mp4"));
        video(root.resolve("development/extra/nesting/Northwind/218_1_Northwind_video.mp4"));
        video(root.resolve("development/extra/nesting/Freeform/999_1_Freeform_video.mp4")); // orphan video
        video(root.resolve("Testing/Freeform/236_1_Freeform_video.mp4")); // no test labels at all
        video(root.resolve("Testing/Northwind/236_1_Northwind_video.mp4"));
        video(root.resolve("Testing/Freeform/240_3_Freeform_video.mp4"));
        return root;
    }

    private Path avec2014Labels() throws Exception {
        Path labels = tmp.resolve("labels");
        text(labels.resolve("AVEC2014_Labels_Training/DepressionLabels/203_1_Depression.csv"), "23\n");
        text(labels.resolve("AVEC2014_Labels_Training/DepressionLabels/205_2_Depression.csv"), "\uFEFFBDI\r\n 7 \r\n\r\n");
        text(labels.resolve("AVEC2014_Labels_Training/Northwind/205_2_Depression.csv"), "7"); // a second copy that agrees
        text(labels.resolve("dev/218_1_DEPRESSION.CSV"), "31.0");
        text(labels.resolve("dev/998_1_Depression.csv"), "12"); // orphan label
        return labels;
    }

    @Test
    void avec2014KeepsTheTaskVideosOfARecordingTogetherAndNamesWhatItCouldNotPair() throws Exception {
        DatasetImport.Result r = importAvec(ImportLayout.AVEC2014, avec2014Tree(), avec2014Labels(), null);

        assertThat(Files.readString(r.manifest())).isEqualTo("""
                video_id,subject_id,split,bdi,path
                203_1_Freeform,203,train,23,../AVEC2014/Training/Freeform/203_1_Freeform_video.mp4
                203_1_Northwind,203,train,23,../AVEC2014/Training/Northwind/203_1_Northwind_video.mp4
                205_2_Freeform,205,train,7,../AVEC2014/Training/Freeform/205_2_Freeform_video.mp4
                205_2_Northwind,205,train,7,../AVEC2014/Training/NORTHWIND/205_2_NORTHWIND_VIDEO.MP4
                218_1_Freeform,218,dev,31,../AVEC2014/development/extra/nesting/Freeform/218_1_Freeform_video.mp4
                218_1_Northwind,218,dev,31,../AVEC2014/development/extra/nesting/Northwind/218_1_Northwind_video.mp4
                999_1_Freeform,999,dev,,../AVEC2014/development/extra/nesting/Freeform/999_1_Freeform_video.mp4
                236_1_Freeform,236,test,,../AVEC2014/Testing/Freeform/236_1_Freeform_video.mp4
                236_1_Northwind,236,test,,../AVEC2014/Testing/Northwind/236_1_Northwind_video.mp4
                240_3_Freeform,240,test,,../AVEC2014/Testing/Freeform/240_3_Freeform_video.mp4
                """);
        assertThat(report(r)).isEqualTo("""
                import avec2014 from TMP/AVEC2014 (labels: TMP/labels), scores on BDI-II (0-63)
                split  recordings  videos  subjects  labelled  unlabelled  range       mean
                train           2       4         2         2           0  7-23        15.00
                dev             2       3         2         1           1  31          31.00
                test            2       3         2         0           2  -           -
                total           6      10         6         3           3  7-31        20.33
                splits: official, from the Training/Development/Testing folders
                note: 2 unlabelled test recording(s) kept: predict works on them; evaluate leaves them out of its metrics
                note: 1 unlabelled train/dev recording(s) kept; train leaves them out
                could not pair 3 file(s):
                  TMP/AVEC2014/Training/Freeform/notes_video.mp4: name does not start with <subject>_<session>_ (such as 203_1_)
                  TMP/AVEC2014/development/extra/nesting/Freeform/999_1_Freeform_video.mp4: no label file 999_1_Depression.csv; kept, unlabelled
                  TMP/labels/dev/998_1_Depression.csv: label without a video (no video of recording 998_1 found)
                wrote TMP/out/manifest.csv, TMP/out/dataset.json, TMP/out/import-report.txt
                next: plegdf preprocess --input TMP/out/manifest.csv --out FRAMES_DIR  (10 video file(s) to turn into face frames before train)
                """);
        assertThat(tmp.resolve("out/import-report.txt")).hasContent(r.report().stripTrailing());
        assertThat(tmp.resolve("out/folds.csv")).doesNotExist();
        JsonNode info = Json.mapper().readTree(tmp.resolve("out/dataset.json").toFile());
        assertThat(info.get("source").asText()).isEqualTo("avec2014");
        assertThat(info.get("splits").asText()).isEqualTo("official");
        assertThat(info.get("scale").get("name").asText()).isEqualTo("BDI-II");
        assertThat(info.has("seed")).isFalse();

        // what import writes, the reader takes: paths exist, subjects stay in one split
        Manifest m = ManifestReader.read(tmp.resolve("out"));
        assertThat(m.labelled(Split.TRAIN)).hasSize(4);
        assertThat(m.labelled(Split.TEST)).isEmpty();
        assertThat(m.split(Split.TEST)).hasSize(3);
        assertThat(m.records()).allMatch(VideoRecord::needsPreprocessing);
    }

    @Test
    void avec2013WithLabelsInsideTheTreeSomeTestLabelsAndAFlatLabelFolder() throws Exception {
        Path root = tmp.resolve("avec13");
        video(root.resolve("AVEC2013_AudioVisual/Video/Training/203_1_cut_combined.mp4"));
        video(root.resolve("AVEC2013_AudioVisual/Video/training/209_2_cut_combined.avi"));
        video(root.resolve("AVEC2013_AudioVisual/Video/Development/218_1_cut_combined.mp4"));
        video(root.resolve("AVEC2013_AudioVisual/Video/Testing/236_1_cut_combined.mp4"));
        video(root.resolve("AVEC2013_AudioVisual/Video/Testing/240_3_cut_combined.mp4"));
        text(root.resolve("AVEC2013_DepressionLabels/Training/203_1_Depression.csv"), "\"17\",\n");
        text(root.resolve("AVEC2013_DepressionLabels/Training/209_2_Depression.csv"), "0");
        text(root.resolve("AVEC2013_DepressionLabels/Testing/236_1_Depression.csv"), "44.5\n");
        Path flat = tmp.resolve("later-labels"); // no split folders: the video's split counts
        text(flat.resolve("218_1_Depression.csv"), "Depression\n9\n");

        DatasetImport.Result r = importAvec(ImportLayout.AVEC2013, root, flat, null);

        assertThat(Files.readString(r.manifest())).isEqualTo("""
                video_id,subject_id,split,bdi,path
                203_1,203,train,17,../avec13/AVEC2013_AudioVisual/Video/Training/203_1_cut_combined.mp4
                209_2,209,train,0,../avec13/AVEC2013_AudioVisual/Video/training/209_2_cut_combined.avi
                218_1,218,dev,9,../avec13/AVEC2013_AudioVisual/Video/Development/218_1_cut_combined.mp4
                236_1,236,test,44.5,../avec13/AVEC2013_AudioVisual/Video/Testing/236_1_cut_combined.mp4
                240_3,240,test,,../avec13/AVEC2013_AudioVisual/Video/Testing/240_3_cut_combined.mp4
                """);
        // some test labels exist, so the missing one is named
        assertThat(report(r)).contains("""
                split  recordings  videos  subjects  labelled  unlabelled  range       mean
                train           2       2         2         2           0  0-17        8.50
                dev             1       1         1         1           0  9           9.00
                test            2       2         2         1           1  44.5        44.50
                total           5       5         5         4           1  0-44.5      17.63
                splits: official, from the Training/Development/Testing folders
                note: 1 unlabelled test recording(s) kept: predict works on them; evaluate leaves them out of its metrics
                could not pair 1 file(s):
                  TMP/avec13/AVEC2013_AudioVisual/Video/Testing/240_3_cut_combined.mp4: no label file 240_3_Depression.csv; kept, unlabelled
                """);
        assertThat(ManifestReader.read(r.manifest()).records()).hasSize(5);
    }

    @Test
    void aLabelInAnotherSplitThanItsVideoIsRefusedNamingBoth() throws Exception {
        Path root = tmp.resolve("r");
        video(root.resolve("Training/203_1_video.mp4"));
        Path label = text(root.resolve("labels/Development/203_1_Depression.csv"), "5");
        assertThatThrownBy(() -> importAvec(ImportLayout.AVEC2013, root, null, null))
                .isInstanceOf(PlegdfException.class)
                .hasMessage(label + ": label in split dev but its video " + root.resolve("Training/203_1_video.mp4") + " is in split train");
    }

    @Test
    void theTaskVideosOfOneRecordingInTwoSplitsAreRefused() throws Exception {
        Path root = tmp.resolve("r");
        Path a = video(root.resolve("Training/203_1_Freeform_video.mp4"));
        Path b = video(root.resolve("Development/203_1_Northwind_video.mp4"));
        assertThatThrownBy(() -> importAvec(ImportLayout.AVEC2014, root, null, null))
                .hasMessage(b + ": in split dev but " + a + " of the same recording 203_1 is in split train; a recording's videos share one split");
    }

    @Test
    void twoVideosOfOneAvec2013RecordingAreRefused() throws Exception {
        Path root = tmp.resolve("r");
        Path a = video(root.resolve("Training/203_1_cut.mp4"));
        Path b = video(root.resolve("Training/copy/203_1_cut.avi"));
        assertThatThrownBy(() -> importAvec(ImportLayout.AVEC2013, root, null, null))
                .hasMessage(b + ": a second video for 203_1 besides " + a + "; keep one of them");
    }

    @Test
    void copiesOfALabelThatDisagreeAreRefused() throws Exception {
        Path root = tmp.resolve("r");
        video(root.resolve("Training/203_1_video.mp4"));
        Path a = text(root.resolve("Training/203_1_Depression.csv"), "5");
        Path b = text(tmp.resolve("labels/Training/203_1_Depression.csv"), "6");
        assertThatThrownBy(() -> importAvec(ImportLayout.AVEC2013, root, tmp.resolve("labels"), null))
                .hasMessage(b + ": score 6 but " + a + " gives 5 for the same recording 203_1");
    }

    @Test
    void aSubjectInTwoOfficialSplitsIsRefusedNamingSubjectSplitsAndFiles() throws Exception {
        Path root = tmp.resolve("r");
        Path train = video(root.resolve("Training/205_1_Freeform_video.mp4"));
        video(root.resolve("Training/206_1_Freeform_video.mp4"));
        Path test = video(root.resolve("Testing/205_2_Freeform_video.mp4"));
        text(root.resolve("Training/205_1_Depression.csv"), "5");
        PlegdfException e = (PlegdfException) org.assertj.core.api.Assertions.catchThrowable(
                () -> importAvec(ImportLayout.AVEC2014, root, null, null));
        assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_DATASET);
        assertThat(e.getMessage()).isEqualTo("subject '205' is in train (" + train + ") and in test (" + test
                + "); all recordings of a subject must be in one split");
        assertThat(tmp.resolve("out/manifest.csv")).doesNotExist();
    }

    @Test
    void foldsPoolTrainAndDevBySubjectAndLeaveTestAlone() throws Exception {
        Path root = tmp.resolve("r");
        String[][] recs = {
            {"Training", "301_1"}, {"Training", "301_2"}, {"Training", "302_1"}, {"Training", "303_1"},
            {"Development", "304_1"}, {"Development", "305_1"}, {"Development", "305_2"}, {"Testing", "306_1"}};
        for (String[] rec : recs) {
            video(root.resolve(rec[0] + "/" + rec[1] + "_video.mp4"));
            text(root.resolve(rec[0] + "/" + rec[1] + "_Depression.csv"), "10");
        }
        DatasetImport.Result r = importAvec(ImportLayout.AVEC2013, root, null, 2);
        Map<String, Integer> folds = Folds.read(tmp.resolve("out/folds.csv"));
        assertThat(folds.keySet()).containsExactlyInAnyOrder("301_1", "301_2", "302_1", "303_1", "304_1", "305_1", "305_2");
        assertThat(folds.get("301_1")).isEqualTo(folds.get("301_2"));
        assertThat(folds.get("305_1")).isEqualTo(folds.get("305_2"));
        assertThat(folds.values()).containsOnly(1, 2);
        for (VideoRecord v : r.records()) {
            Split expected = v.videoId().equals("306_1") ? Split.TEST : folds.get(v.videoId()) == 1 ? Split.DEV : Split.TRAIN;
            assertThat(v.split()).as(v.videoId()).isEqualTo(expected);
        }
        assertThat(report(r)).contains("folds: 2 subject-grouped folds of the train and dev recordings, seed 42, in folds.csv; test stays test\n")
                .contains("  fold 1: ").contains("  fold 2: ")
                .contains("manifest.csv's dev split is fold 1; train --fold i holds out fold i instead\n")
                .contains("wrote TMP/out/manifest.csv, TMP/out/dataset.json, TMP/out/folds.csv, TMP/out/import-report.txt\n");
        JsonNode info = Json.mapper().readTree(tmp.resolve("out/dataset.json").toFile());
        assertThat(info.get("folds").asInt()).isEqualTo(2);
        assertThat(info.get("seed").asLong()).isEqualTo(42);

        // a later import without folds removes the folds.csv that no longer fits
        importAvec(ImportLayout.AVEC2013, root, null, null);
        assertThat(tmp.resolve("out/folds.csv")).doesNotExist();
    }

    @Test
    void aLabelsFileInsteadOfAFolderIsAUsageError() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("r"));
        Path file = text(tmp.resolve("labels.csv"), "id,score\n");
        assertThatThrownBy(() -> importAvec(ImportLayout.AVEC2014, root, file, null))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("avec2014 takes the folder holding the <subject>_<session>_Depression.csv files");
    }

    @Test
    void aTreeWithNothingToImportSaysSo() throws Exception {
        Path root = tmp.resolve("r");
        video(root.resolve("Training/interview.mp4"));
        assertThatThrownBy(() -> importAvec(ImportLayout.AVEC2013, root, null, null))
                .hasMessage(root + ": nothing to import for layout avec2013 (1 file(s) could not be paired, the first: "
                        + root.resolve("Training/interview.mp4") + ": name does not start with <subject>_<session>_ (such as 203_1_))"
                        + "; it looks like layout csv (1 video(s) with names of your own): plegdf import csv --root " + root
                        + " --labels FILE.csv (id,score[,subject][,split]) --out " + tmp.resolve("out"));
        assertThat(List.of(tmp.resolve("out"))).allMatch(p -> !Files.exists(p));
    }
}
