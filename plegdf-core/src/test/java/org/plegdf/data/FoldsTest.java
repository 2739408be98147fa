package org.plegdf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.model.RatingScale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** folds.csv and the dataset as train --fold i sees it. */
class FoldsTest {
    @TempDir Path dir;

    @BeforeEach
    void dataset() throws Exception {
        for (String v : List.of("a", "b", "c", "d", "e")) {
            ManifestReaderTest.png(Files.createDirectories(dir.resolve(v)).resolve("f1.png"));
        }
        Files.writeString(dir.resolve("manifest.csv"), """
                video_id,subject_id,split,bdi,path
                a,S1,train,1,a
                b,S1,train,2,b
                c,S2,dev,3,c
                d,S3,train,4,d
                e,S4,test,,e
                """);
    }

    private void folds(String body) throws Exception {
        Files.writeString(dir.resolve(Folds.FILE_NAME), "video_id,fold\n" + body);
    }

    @Test
    void foldIBecomesDevTheOthersTrainAndTestStays() throws Exception {
        Map<String, Integer> f = new LinkedHashMap<>();
        f.put("a", 1);
        f.put("b", 1);
        f.put("c", 2);
        f.put("d", 3);
        Folds.write(dir.resolve(Folds.FILE_NAME), f);
        assertThat(Folds.read(dir.resolve(Folds.FILE_NAME))).isEqualTo(f);
        Manifest m = ManifestReader.read(dir);

        Manifest fold2 = Folds.select(m, 2);
        assertThat(fold2.split(Split.DEV)).extracting(VideoRecord::videoId).containsExactly("c");
        assertThat(fold2.split(Split.TRAIN)).extracting(VideoRecord::videoId).containsExactly("a", "b", "d");
        assertThat(fold2.split(Split.TEST)).extracting(VideoRecord::videoId).containsExactly("e");
        Manifest fold1 = Folds.select(m, 1);
        assertThat(fold1.split(Split.DEV)).extracting(VideoRecord::videoId).containsExactly("a", "b");
        assertThat(fold1.trainMean()).isEqualTo(3.5);
        assertThat(fold1.frames(fold1.find("a").orElseThrow()).size()).isEqualTo(1);
        assertThat(Folds.select(m, null)).isSameAs(m);
    }

    @Test
    void refusesFoldsThatDoNotFitTheManifest() throws Exception {
        Manifest m = ManifestReader.read(dir);
        assertThatThrownBy(() -> Folds.select(m, 1)).hasMessage(m.root() + ": no folds.csv for fold 1 (write the folds with plegdf import ... --folds K)");
        assertThat(Folds.selectWhenPresent(m, 1)).isSameAs(m);

        folds("a,1\nb,2\nc,2\nd,1\n");
        assertThatThrownBy(() -> Folds.select(m, 1))
                .hasMessage(dir.resolve("folds.csv") + ": subject 'S1' is in fold 1 (video 'a') and fold 2 (video 'b'); all videos of a subject must be in one fold");
        folds("a,1\nb,1\nc,2\n");
        assertThatThrownBy(() -> Folds.select(m, 1)).hasMessage(dir.resolve("folds.csv") + ": no fold for train video 'd' of " + m.file());
        folds("a,1\nb,1\nc,2\nd,2\ne,1\n");
        assertThatThrownBy(() -> Folds.select(m, 1)).hasMessageContaining("video 'e' is a test video");
        folds("a,1\nb,1\nc,2\nd,2\n");
        assertThatThrownBy(() -> Folds.select(m, 3))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_CONFIG))
                .hasMessage("fold 3 does not exist: " + dir.resolve("folds.csv") + " has folds 1-2");
        folds("a,one\n");
        assertThatThrownBy(() -> Folds.select(m, 1)).hasMessage(dir.resolve("folds.csv") + " line 2: fold 'one' is not a whole number");
        folds("a,1\na,2\n");
        assertThatThrownBy(() -> Folds.select(m, 1)).hasMessage(dir.resolve("folds.csv") + " line 3: video 'a' again (first on line 2)");
    }

    @Test
    void sidecarsTravelToANewManifestsFolder() throws Exception {
        new DatasetInfo("csv", RatingScale.phq9(), DatasetInfo.RANDOM, null, 5L).write(dir);
        folds("a,1\n");
        Path next = dir.resolve("frames");
        assertThat(Sidecars.copy(dir.resolve("manifest.csv"), next)).containsExactly(next.resolve("dataset.json"), next.resolve("folds.csv"));
        assertThat(DatasetInfo.find(next).orElseThrow().scale()).isEqualTo(RatingScale.phq9());
        assertThat(next.resolve("folds.csv")).hasSameTextualContentAs(dir.resolve("folds.csv"));
        assertThat(Sidecars.copy(dir.resolve("manifest.csv"), dir)).isEmpty(); // into its own folder: nothing to do

        Files.writeString(dir.resolve("dataset.json"), "{\"source\": \"csv\"}");
        assertThatThrownBy(() -> DatasetInfo.find(dir)).hasMessage(dir.resolve("dataset.json") + ": no \"scale\"");
    }
}
