package org.plegdf.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.model.MeanPredictorCheck;
import org.plegdf.store.ResultFile;
import org.plegdf.store.RunFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;

/** The decision "did the model beat the mean predictor", and how result.json records it. */
class MeanPredictorWarningTest {
    @TempDir Path tmp;

    @Test
    void onlyAnRmseStrictlyBelowTheMeanPredictorsBeatsIt() {
        assertThat(new MeanPredictorCheck(7.99, 8.0).beaten()).isTrue();
        assertThat(new MeanPredictorCheck(8.0, 8.0).beaten()).as("a tie").isFalse();
        assertThat(new MeanPredictorCheck(9.5, 8.0).beaten()).isFalse();
        assertThat(new MeanPredictorCheck(7.0, 8.0).warning("x")).isEmpty();
        assertThat(new MeanPredictorCheck(9.5, 8.0).warning("the selected model's dev RMSE")).hasValue(
                "warning: the selected model's dev RMSE 9.50 is not below the mean predictor's 8.00: the model learned nothing "
                        + "that always predicting the training labels' mean does not give; do not use its scores");
        assertThat(MeanPredictorCheck.of(null, 8.0)).isEmpty();
        assertThat(MeanPredictorCheck.of(9.0, 8.0)).hasValue(new MeanPredictorCheck(9.0, 8.0));
    }

    @Test
    void resultJsonRecordsTheComparisonAndOldFilesStillRead() throws Exception {
        Metrics dev = Metrics.of(new double[] {10, 30, 10, 30}, new double[] {25, 25, 25, 25}, 20);
        TrainingRun.Result r = new TrainingRun.Result("run", 3, dev, 12.5);
        assertThat(r.beatsMeanPredictor()).isFalse();
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Json.write(run.resolve(RunFiles.RESULT), r);
        JsonNode json = Json.mapper().readTree(run.resolve(RunFiles.RESULT).toFile());
        assertThat(json.get("beats_mean_predictor").asBoolean()).isFalse();
        assertThat(json.get("dev_rmse").asDouble()).isEqualTo(dev.rmse());
        assertThat(json.get("dev_mean_predictor_rmse").asDouble()).isEqualTo(10.0);
        assertThat(Json.read(run.resolve(RunFiles.RESULT), TrainingRun.Result.class, ExitCodes.BAD_MODEL)).isEqualTo(r);
        assertThat(ResultFile.read(new RunFiles(run)).orElseThrow().devRmse()).isEqualTo(dev.rmse());

        // A result.json of an earlier plegdf (camelCase keys, no comparison): the comparison is derived from best_dev.
        Files.writeString(run.resolve(RunFiles.RESULT), "{\"runDir\": \"run\", \"bestEpoch\": 2, \"bestDev\": {\"videos\": 4, \"rmse\": 5.0, "
                + "\"mae\": 4.0, \"pcc\": null, \"ccc\": 0.1, \"baseline_value\": 20, \"baseline_rmse\": 10.0, \"baseline_mae\": 10.0}, \"seconds\": 3}");
        TrainingRun.Result old = Json.read(run.resolve(RunFiles.RESULT), TrainingRun.Result.class, ExitCodes.BAD_MODEL);
        assertThat(old.beatsMeanPredictor()).isTrue();
        assertThat(old.devMeanPredictorRmse()).isEqualTo(10.0);
        assertThat(old.warning()).isEmpty();
        assertThat(ResultFile.read(new RunFiles(run)).orElseThrow().devBaselineRmse()).isEqualTo(10.0);
    }
}
