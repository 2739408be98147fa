package org.plegdf.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.plegdf.importer.ImportTrees.pngFrames;
import static org.plegdf.importer.ImportTrees.text;
import static org.plegdf.importer.ImportTrees.video;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.DatasetInfo;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.MediaKind;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.RatingScale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/** A user's own study: a labels CSV naming videos and frame folders anywhere under the root, on any scale. */
class CsvImportTest {
    @TempDir Path tmp;

    private DatasetImport.Result importCsv(Path root, Path labels, RatingScale scale, Integer folds) {
        return DatasetImport.run(new ImportRequest(ImportLayout.CSV, root, labels, tmp.resolve("out"), scale, folds, 42));
    }

    @Test
    void aPhq8StudyWithVideosFrameFoldersAndASplitColumn() throws Exception {
        Path root = tmp.resolve("study");
        video(root.resolve("site-a/2023/P01_baseline.mp4"));
        video(root.resolve("site-a/2023/P01_week8.MOV"));
        video(root.resolve("site-b/p02_baseline.mp4")); // the labels file says P02_baseline: case is ignored
        pngFrames(root.resolve("faces/P03_baseline"), 2); // a frame folder
        pngFrames(root.resolve("preprocessed/P04_baseline/frames"), 2); // what plegdf preprocess writes
        video(root.resolve("site-b/P05_baseline.mp4"));
        video(root.resolve("site-b/pilot.mp4")); // not in the labels file
        Path labels = text(tmp.resolve("phq.csv"), """
                \uFEFFsubject,split,video_id,score
                P01,train,P01_baseline,12
                P01,train,P01_week8,5
                P02,Training,P02_baseline,24
                P03,dev,P03_baseline,0
                P04,test,P04_baseline,
                P05,test,P05_baseline,9.5

                P06,test,P06_baseline,3
                """);

        DatasetImport.Result r = importCsv(root, labels, Scales.resolve(null, 24.0), null);

        assertThat(Files.readString(r.manifest())).isEqualTo("""
                video_id,subject_id,split,bdi,path
                P01_baseline,P01,train,12,../study/site-a/2023/P01_baseline.mp4
                P01_week8,P01,train,5,../study/site-a/2023/P01_week8.MOV
                P02_baseline,P02,train,24,../study/site-b/p02_baseline.mp4
                P03_baseline,P03,dev,0,../study/faces/P03_baseline
                P04_baseline,P04,test,,../study/preprocessed/P04_baseline/frames
                P05_baseline,P05,test,9.5,../study/site-b/P05_baseline.mp4
                """);
        assertThat(r.report().replace(tmp.toString(), "TMP")).isEqualTo("""
                import csv from TMP/study (labels: TMP/phq.csv), scores on PHQ-8 (0-24)
                split  recordings  videos  subjects  labelled  unlabelled  range       mean
                train           3       3         2         3           0  5-24        13.67
                dev             1       1         1         1           0  0           0.00
                test            2       2         2         1           1  9.5         9.50
                total           6       6         5         5           1  0-24        10.10
                splits: from the split column of TMP/phq.csv
                note: 1 unlabelled test recording(s) kept: predict works on them; evaluate leaves them out of its metrics
                could not pair 2 file(s):
                  TMP/phq.csv line 9: no video or frame folder named 'P06_baseline' under TMP/study
                  TMP/study/site-b/pilot.mp4: not in the labels file TMP/phq.csv
                wrote TMP/out/manifest.csv, TMP/out/dataset.json, TMP/out/import-report.txt
                next: plegdf preprocess --input TMP/out/manifest.csv --out FRAMES_DIR  (4 video file(s) to turn into face frames before train)
                """);
        JsonNode info = Json.mapper().readTree(tmp.resolve("out/dataset.json").toFile());
        assertThat(info.get("source").asText()).isEqualTo("csv");
        assertThat(info.get("splits").asText()).isEqualTo("labels-file");
        assertThat(info.get("scale").get("name").asText()).isEqualTo("PHQ-8");
        assertThat(info.get("scale").get("max").asDouble()).isEqualTo(24);
        assertThat(info.get("scale").get("bands")).hasSize(5);
        assertThat(DatasetInfo.find(tmp.resolve("out/manifest.csv")).orElseThrow().scale()).isEqualTo(RatingScale.phq8());

        Manifest m = ManifestReader.read(tmp.resolve("out"), 24);
        assertThat(m.find("P03_baseline").orElseThrow().kind()).isEqualTo(MediaKind.FRAMES);
        assertThat(m.find("P01_week8").orElseThrow().kind()).isEqualTo(MediaKind.VIDEO);
    }

    @Test
    void aCustomScaleMaximumGetsOneBandAndChecksTheScores() throws Exception {
        Path root = tmp.resolve("study");
        video(root.resolve("a.mp4"));
        Path labels = text(tmp.resolve("l.csv"), "a,11\n");
        assertThatThrownBy(() -> importCsv(root, labels, Scales.resolve(null, 10.0), null))
                .hasMessage(labels + " line 1: score 11 is outside custom 0-10 (0-10; --scale or --scale-max sets the scale)");
        RatingScale s = Scales.resolve(null, 10.0);
        s.validate();
        assertThat(s.bands()).hasSize(1);
    }

    @Test
    void aSubjectInTwoSplitsOfTheLabelsFileIsRefused() throws Exception {
        Path root = tmp.resolve("study");
        Path a = video(root.resolve("a.mp4"));
        Path b = video(root.resolve("b.mp4"));
        video(root.resolve("c.mp4"));
        Path labels = text(tmp.resolve("l.csv"), "id,score,subject,split\na,1,S1,train\nc,2,S2,train\nb,3,S1,dev\n");
        assertThatThrownBy(() -> importCsv(root, labels, RatingScale.bdi2(), null))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_DATASET))
                .hasMessage("subject 'S1' is in train (" + a + ") and in dev (" + b
                        + "); all recordings of a subject must be in one split; --folds K re-splits train and dev by subject");
    }

    @Test
    void anIdMatchingTwoFilesIsRefusedNamingBoth() throws Exception {
        Path root = tmp.resolve("study");
        Path a = video(root.resolve("x/a.mp4"));
        Path b = video(root.resolve("y/A.avi"));
        Path labels = text(tmp.resolve("l.csv"), "a,1\n");
        assertThatThrownBy(() -> importCsv(root, labels, RatingScale.bdi2(), null))
                .hasMessage(labels + " line 1: id 'a' matches both " + a + " and " + b + "; rename or remove one");
    }

    @Test
    void aVideoIdWithASpaceIsKeptAsWritten() throws Exception {
        // preprocess derives a safe folder name from it (PreprocessCliTest); the id stays the user's.
        Path root = tmp.resolve("study");
        video(root.resolve("patient 1.mp4"));
        Path labels = text(tmp.resolve("l.csv"), "id,score,subject,split\npatient 1,4,p1,train\n");
        DatasetImport.Result r = importCsv(root, labels, RatingScale.bdi2(), null);
        assertThat(r.records()).extracting(VideoRecord::videoId).containsExactly("patient 1");
    }

    @Test
    void labelsFileProblemsNameTheLine() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("study"));
        String[][] cases = {
            {"id,score\na,1\nA,2\n", "line 3: id 'A' again (first on line 2; ids are matched ignoring case)"},
            {"id,score\na,x\n", "line 2: score 'x' is not a number (leave it empty for an unlabelled recording)"},
            {"id,score,split\na,1,holdout\n", "line 2: split 'holdout' is not train, dev or test (or Training, Development, Testing)"},
            {"id,score,split\na,1,\n", "line 2: split is empty (fill it in every row, or leave the column out)"},
            {"id,rating\na,1\n", "line 1: column 'rating' is unknown or repeated (columns: id, score, subject, split)"},
            {"a\n", "line 1: 1 fields, expected id,score[,subject][,split] (or a header row naming them)"},
            {"subject,score\nS,1\n", "line 1: no id column (columns: id, score, subject, split)"},
            {"id,score\na,1,2\n", "line 2: 3 fields, expected 2"},
        };
        for (String[] c : cases) {
            Path labels = text(tmp.resolve("l.csv"), c[0]);
            assertThatThrownBy(() -> importCsv(root, labels, RatingScale.bdi2(), null)).as(c[0])
                    .hasMessage(labels + " " + c[1]);
        }
    }
}
