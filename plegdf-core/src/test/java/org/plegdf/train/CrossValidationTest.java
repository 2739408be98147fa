package org.plegdf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.Folds;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.Ablation;
import org.plegdf.model.BackboneSpec;
import org.plegdf.model.MeanPredictorCheck;
import org.plegdf.model.ModelConfig;
import org.plegdf.testkit.JsonSchema;
import org.plegdf.testkit.TinyModel;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * Subject-grouped cross-validation on generated data whose ground truth is known: discs whose size
 * grows with the label (signal) and one image for every video (no signal).
 */
class CrossValidationTest {
    @TempDir Path tmp;

    private static ModelConfig tiny() {
        return TinyModel.config(BackboneSpec.RESNET18_QUARTER, Ablation.FULL, 48);
    }

    @Test
    void learnsTheDiscsInEveryFoldWithNoSubjectInTwoFolds() throws Exception {
        // 24 pooled videos of 12 subjects (two videos each) in 3 folds; the test split stays out.
        Manifest data = ManifestReader.read(BlobDataset.writePaired(tmp.resolve("data"), 16, 8, 2, 6, 48, 21));
        TrainConfig tc = TrainingRunTest.quickTraining(8);
        tc.maxFramesPerVideo = 6;
        Path out = tmp.resolve("cv");
        CrossValidation.Report r = CrossValidation.run(data, tiny(), tc, 3, out, false, line -> {});

        // The folds in use: every pooled video in one fold, no subject in two, no test video.
        Map<String, Integer> folds = Folds.read(out.resolve(Folds.FILE_NAME));
        Map<String, Integer> subjectFold = new HashMap<>();
        for (VideoRecord v : data.records()) {
            if (v.split() == Split.TEST) {
                assertThat(folds).as("test video %s", v.videoId()).doesNotContainKey(v.videoId());
                continue;
            }
            Integer f = folds.get(v.videoId());
            assertThat(f).as(v.videoId()).isBetween(1, 3);
            Integer earlier = subjectFold.putIfAbsent(v.subjectId(), f);
            assertThat(earlier == null || earlier.equals(f)).as("subject %s in folds %s and %s", v.subjectId(), earlier, f).isTrue();
        }
        assertThat(r.folds()).hasSize(3);
        assertThat(r.folds().stream().mapToInt(CrossValidation.FoldResult::videos).sum()).isEqualTo(24);
        assertThat(r.foldsFrom()).contains("made from seed 3");

        // The discs are learnt in every fold: below the mean predictor of the fold's training labels.
        for (CrossValidation.FoldResult f : r.folds()) {
            assertThat(f.rmse()).as("fold %d RMSE vs mean predictor", f.fold()).isLessThan(f.baselineRmse());
            assertThat(f.beatsMeanPredictor()).isTrue();
        }
        assertThat(r.mean().beatsMeanPredictor()).isTrue();
        assertThat(r.mean().rmse()).isCloseTo(r.folds().stream().mapToDouble(CrossValidation.FoldResult::rmse).average().orElseThrow(),
                org.assertj.core.data.Offset.offset(1e-12));
        String table = CrossValidation.table(r);
        assertThat(table).doesNotContain("warning").contains("mean").contains("std");

        JsonNode json = Json.mapper().readTree(out.resolve(CrossValidation.RESULT).toFile());
        assertThat(JsonSchema.of("cv.schema.json").violations(json)).as("docs/schemas/cv.schema.json").isEmpty();
        // Each fold is a train --fold run: its result.json agrees with cv.json.
        TrainingRun.Result fold2 = Json.read(out.resolve("fold-2/result.json"), TrainingRun.Result.class, ExitCodes.BAD_MODEL);
        assertThat(json.get("folds").get(1).get("rmse").asDouble()).isEqualTo(fold2.bestDev().rmse());
        assertThat(json.get("folds").get(1).get("baseline_rmse").asDouble()).isEqualTo(fold2.bestDev().baselineRmse());
    }

    @Test
    void aFoldsFileWithASubjectInTwoFoldsIsRefusedBeforeAnyTraining() throws Exception {
        Path root = BlobDataset.writePaired(tmp.resolve("data"), 8, 0, 0, 2, 48, 3);
        Manifest data = ManifestReader.read(root);
        Map<String, Integer> folds = new LinkedHashMap<>();
        for (VideoRecord v : data.records()) {
            folds.put(v.videoId(), Integer.parseInt(v.videoId().substring(1)) % 2 + 1); // the two videos of a subject split up
        }
        Folds.write(root.resolve(Folds.FILE_NAME), folds);
        Path out = tmp.resolve("cv");
        assertThatThrownBy(() -> CrossValidation.run(data, tiny(), TrainingRunTest.quickTraining(1), 2, out, false, line -> {}))
                .isInstanceOf(PlegdfException.class)
                .hasMessageContaining("subject 'p0' is in fold 1")
                .hasMessageContaining("and fold 2")
                .satisfies(e -> assertThat(((PlegdfException) e).exitCode()).isEqualTo(ExitCodes.BAD_DATASET));
        assertThat(out.resolve("fold-1")).doesNotExist();
    }

    @Test
    void usesTheDatasetsFoldsWhenTheyHaveKFoldsAndMakesItsOwnOtherwise() throws Exception {
        Path root = BlobDataset.writePaired(tmp.resolve("data"), 8, 4, 0, 1, 16, 3);
        Manifest data = ManifestReader.read(root);
        CrossValidation.Plan made = CrossValidation.plan(data, 3, 7);
        assertThat(made.file()).isNull();
        assertThat(made.source()).isEqualTo("3 subject-grouped folds of the train and dev videos made from seed 7");
        assertThat(CrossValidation.plan(data, 3, 7).foldOf()).as("deterministic").isEqualTo(made.foldOf());
        assertThat(made.foldOf()).hasSize(12);
        assertThat(made.foldOf().values()).containsOnly(1, 2, 3);

        Map<String, Integer> own = new LinkedHashMap<>();
        data.records().forEach(v -> own.put(v.videoId(), v.subjectId().equals("p0") ? 1 : 2));
        Folds.write(root.resolve(Folds.FILE_NAME), own);
        CrossValidation.Plan used = CrossValidation.plan(data, 2, 7);
        assertThat(used.foldOf()).isEqualTo(own);
        assertThat(used.source()).contains(root.resolve(Folds.FILE_NAME).toString()).contains("2 folds");
        CrossValidation.Plan other = CrossValidation.plan(data, 3, 7);
        assertThat(other.foldOf()).isEqualTo(made.foldOf());
        assertThat(other.source()).contains("has 2 folds, not 3");
    }

    @Test
    void saysPerFoldAndForTheMeanWhenNothingWasLearnt() throws Exception {
        // One image for every video: the network can only predict a constant, and no constant beats
        // the mean predictor when the held-out and the training labels have the same mean.
        Path root = BlobDataset.writeNoSignal(tmp.resolve("data"), 4, 4, 2);
        Map<String, Integer> folds = new LinkedHashMap<>();
        for (int v = 0; v < 8; v++) {
            folds.put("v" + v, v < 4 ? 1 : 2); // labels 10, 30, 10, 30 in each fold: mean 20 on both sides
        }
        Folds.write(root.resolve(Folds.FILE_NAME), folds);
        TrainConfig tc = TrainingRunTest.quickTraining(1);
        tc.batchSize = 4;
        CrossValidation.Report r = CrossValidation.run(ManifestReader.read(root), tiny(), tc, 2, tmp.resolve("cv"), false, line -> {});
        assertThat(r.foldsFrom()).contains("as plegdf import --folds wrote them");
        for (CrossValidation.FoldResult f : r.folds()) {
            assertThat(f.baselineRmse()).isEqualTo(10.0);
            assertThat(f.beatsMeanPredictor()).as("fold %d", f.fold()).isFalse();
        }
        assertThat(r.mean().beatsMeanPredictor()).isFalse();
        List<String> lines = CrossValidation.table(r).lines().toList();
        assertThat(lines.get(lines.size() - 3)).startsWith("warning: fold 1's held-out RMSE");
        assertThat(lines.get(lines.size() - 2)).startsWith("warning: fold 2's held-out RMSE");
        assertThat(lines.get(lines.size() - 1)).startsWith("warning: the mean held-out RMSE over the folds")
                .contains("is not below the mean predictor's 10.00");
    }

    @Test
    void otherFoldsAreRefusedAndWithForceTrainedAgain() throws Exception {
        Manifest data = ManifestReader.read(BlobDataset.writePaired(tmp.resolve("data"), 8, 4, 0, 2, 48, 4));
        TrainConfig tc = TrainingRunTest.quickTraining(1);
        tc.batchSize = 4;
        Path out = tmp.resolve("cv");
        CrossValidation.run(data, tiny(), tc, 2, out, false, line -> {});
        String fold1 = java.nio.file.Files.readString(out.resolve("fold-1/result.json"));
        assertThatThrownBy(() -> CrossValidation.run(data, tiny(), tc, 3, out, false, line -> {}))
                .hasMessageContaining("holds a cross-validation with other folds (2 folds recorded, 3 asked");
        assertThat(java.nio.file.Files.readString(out.resolve("fold-1/result.json"))).as("nothing touched").isEqualTo(fold1);

        CrossValidation.Report r = CrossValidation.run(data, tiny(), tc, 3, out, true, line -> {});
        assertThat(r.folds()).hasSize(3);
        assertThat(Folds.read(out.resolve(Folds.FILE_NAME)).values()).containsOnly(1, 2, 3);
        assertThat(java.nio.file.Files.readString(out.resolve("fold-1/result.json"))).as("trained again").isNotEqualTo(fold1);
        assertThat(r.folds().stream().mapToInt(CrossValidation.FoldResult::videos).sum()).isEqualTo(12);
    }

    @Test
    void theMeanAndStandardDeviationLeaveUndefinedCorrelationsOut() {
        List<CrossValidation.FoldResult> rows = List.of(
                new CrossValidation.FoldResult(1, 5, 4, 3, Double.NaN, 0.5, 6, true, 2, 4.5),
                new CrossValidation.FoldResult(2, 5, 6, 5, 0.4, 0.7, 8, true, 3, 6.5),
                new CrossValidation.FoldResult(3, 5, 8, 7, 0.6, Double.NaN, 7, false, 1, 9));
        assertThat(CrossValidation.stat(rows, CrossValidation.FoldResult::rmse, true)).isEqualTo(6.0);
        assertThat(CrossValidation.stat(rows, CrossValidation.FoldResult::rmse, false)).isEqualTo(2.0);
        assertThat(CrossValidation.stat(rows, CrossValidation.FoldResult::pcc, true)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(CrossValidation.stat(List.of(rows.get(0)), CrossValidation.FoldResult::pcc, true)).isNaN();
        assertThat(new MeanPredictorCheck(6.0, 7.0).beaten()).isTrue();
    }
}
