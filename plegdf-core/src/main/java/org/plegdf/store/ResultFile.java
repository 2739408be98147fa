package org.plegdf.store;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Optional;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;

/**
 * What a finished run's {@code result.json} tells the rest of plegdf (the run writes more, see
 * {@code train.TrainingRun.Result}). Files written before the keys were snake_case still read.
 *
 * @param bestEpoch the 1-based epoch whose model was kept
 * @param bestDev that epoch's dev figures
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResultFile(
        @JsonProperty("best_epoch") @JsonAlias("bestEpoch") int bestEpoch,
        @JsonProperty("best_dev") @JsonAlias("bestDev") DevFigures bestDev) {

    /**
     * @param rmse video-level dev RMSE
     * @param mae video-level dev MAE
     * @param baselineRmse the mean predictor's dev RMSE
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DevFigures(@JsonProperty("rmse") Double rmse, @JsonProperty("mae") Double mae,
            @JsonProperty("baseline_rmse") @JsonAlias("baselineRmse") Double baselineRmse) {}

    /**
     * @param run a run folder
     * @return its result, when it finished
     * @throws org.plegdf.util.PlegdfException BAD_MODEL when result.json exists but is unreadable
     */
    public static Optional<ResultFile> read(RunFiles run) {
        Path f = run.result();
        return run.finished() ? Optional.of(Json.read(f, ResultFile.class, ExitCodes.BAD_MODEL)) : Optional.empty();
    }

    /** @return the mean predictor's dev RMSE, or null when the file has none */
    public Double devBaselineRmse() {
        return bestDev == null ? null : bestDev.baselineRmse();
    }

    /** @return the dev RMSE, or null when the file has none */
    public Double devRmse() {
        return bestDev == null ? null : bestDev.rmse();
    }
}
