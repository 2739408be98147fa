package org.plegdf.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.plegdf.importer.ImportTrees.pngFrames;
import static org.plegdf.importer.ImportTrees.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.Folds;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.RatingScale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** Subject-grouped folds and random splits: no subject in two, everything assigned, balanced, deterministic per seed. */
class SubjectFoldsTest {
    @TempDir Path tmp;

    private static Map<String, Integer> subjects(int n, long seed) {
        Random rng = new Random(seed);
        Map<String, Integer> videos = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            videos.put("s" + i, 1 + rng.nextInt(4));
        }
        return videos;
    }

    @Test
    void foldsAreBalancedCompleteAndDeterministicPerSeed() {
        for (int k = 2; k <= 5; k++) {
            for (long seed = 0; seed < 20; seed++) {
                Map<String, Integer> videos = subjects(23, seed);
                Map<String, Integer> fold = SubjectFolds.assign(videos, k, seed);
                assertThat(fold.keySet()).isEqualTo(videos.keySet());
                assertThat(fold.values()).allMatch(f -> f >= 1 && f <= 5);
                int[] size = new int[k + 1];
                fold.forEach((s, f) -> size[f] += videos.get(s));
                int[] used = IntStream.rangeClosed(1, k).map(f -> size[f]).toArray();
                assertThat(IntStream.of(used).min().getAsInt()).as("k=%d seed=%d every fold used", k, seed).isPositive();
                // greedy dealing keeps folds within one subject's size of each other
                assertThat(IntStream.of(used).max().getAsInt() - IntStream.of(used).min().getAsInt()).isLessThanOrEqualTo(4);
                assertThat(SubjectFolds.assign(new LinkedHashMap<>(videos), k, seed)).isEqualTo(fold);
            }
        }
        Map<String, Integer> videos = subjects(23, 1);
        assertThat(SubjectFolds.assign(videos, 3, 1)).isNotEqualTo(SubjectFolds.assign(videos, 3, 2));
    }

    @Test
    void theOrderSubjectsWereFoundInDoesNotMatter() {
        Map<String, Integer> videos = subjects(15, 3);
        Map<String, Integer> reversed = new LinkedHashMap<>();
        List<String> keys = List.copyOf(videos.keySet());
        for (int i = keys.size() - 1; i >= 0; i--) {
            reversed.put(keys.get(i), videos.get(keys.get(i)));
        }
        assertThat(SubjectFolds.assign(reversed, 4, 9)).isEqualTo(SubjectFolds.assign(videos, 4, 9));
        assertThat(SubjectFolds.randomSplit(reversed, 9)).isEqualTo(SubjectFolds.randomSplit(videos, 9));
    }

    @Test
    void impossibleFoldCountsAreRefused() {
        assertThatThrownBy(() -> SubjectFolds.assign(subjects(5, 1), 1, 1))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessage("--folds 1: cross-validation needs at least 2 folds");
        assertThatThrownBy(() -> SubjectFolds.assign(subjects(3, 1), 4, 1))
                .hasMessage("--folds 4: only 3 subject(s) to share among the folds, and a subject cannot be split");
        assertThatThrownBy(() -> SubjectFolds.randomSplit(subjects(2, 1), 1))
                .hasMessage("only 2 subject(s): a train/dev/test split by subject needs 3 or more");
    }

    @Test
    void randomSplitHoldsOutAFifthOfTheSubjectsEach() {
        Map<String, Split> split = SubjectFolds.randomSplit(subjects(23, 5), 5);
        assertThat(split.values().stream().filter(s -> s == Split.TEST).count()).isEqualTo(5);
        assertThat(split.values().stream().filter(s -> s == Split.DEV).count()).isEqualTo(5);
        assertThat(split.values().stream().filter(s -> s == Split.TRAIN).count()).isEqualTo(13);
        assertThat(SubjectFolds.randomSplit(subjects(3, 5), 5).values()).containsExactlyInAnyOrder(Split.TRAIN, Split.DEV, Split.TEST);
    }

    @Test
    void importWithFoldsAndNoSplitsPutsEveryVideoInAFoldBySubject() throws Exception {
        Path root = tmp.resolve("study");
        StringBuilder csv = new StringBuilder("id,score,subject\n");
        Random rng = new Random(1);
        for (int s = 0; s < 12; s++) {
            for (int v = 0, n = 1 + rng.nextInt(3); v < n; v++) {
                String id = "s" + s + "v" + v;
                pngFrames(root.resolve(id), 1);
                csv.append(id).append(',').append(rng.nextInt(64)).append(",S").append(s).append('\n');
            }
        }
        Path labels = text(tmp.resolve("labels.csv"), csv.toString());
        DatasetImport.Result r = DatasetImport.run(new ImportRequest(ImportLayout.CSV, root, labels, tmp.resolve("out"), RatingScale.bdi2(), 4, 11));

        Map<String, Integer> folds = Folds.read(tmp.resolve("out/folds.csv"));
        assertThat(folds.keySet()).containsExactlyInAnyOrderElementsOf(r.records().stream().map(VideoRecord::videoId).toList());
        Map<String, Integer> subjectFold = new HashMap<>();
        for (VideoRecord v : r.records()) {
            Integer earlier = subjectFold.putIfAbsent(v.subjectId(), folds.get(v.videoId()));
            assertThat(earlier == null || earlier.equals(folds.get(v.videoId()))).as("subject %s in one fold", v.subjectId()).isTrue();
            assertThat(v.split()).isEqualTo(folds.get(v.videoId()) == 1 ? Split.DEV : Split.TRAIN);
        }
        assertThat(folds.values()).containsOnly(1, 2, 3, 4);
        assertThat(r.report()).contains("splits: none in the source; all recordings are in the folds, and there is no test split\n")
                .contains("folds: 4 subject-grouped folds, seed 11, in folds.csv\n");

        String first = Files.readString(tmp.resolve("out/folds.csv"));
        DatasetImport.run(new ImportRequest(ImportLayout.CSV, root, labels, tmp.resolve("out"), RatingScale.bdi2(), 4, 11));
        assertThat(tmp.resolve("out/folds.csv")).hasContent(first.stripTrailing());
    }
}
