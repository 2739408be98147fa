package org.plegdf.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a model beat the trivial baseline: its video-level RMSE against that of the mean
 * predictor (always the training labels' mean) on the same videos. A model whose RMSE is not below
 * the mean predictor's learned nothing that predicting the average does not give, and its scores
 * are not to be read as results. The one home of that comparison for train, cv and predict.
 *
 * @param rmse the model's RMSE
 * @param meanPredictorRmse the mean predictor's RMSE on the same videos
 */
public record MeanPredictorCheck(double rmse, double meanPredictorRmse) {

    /**
     * @param rmse the model's RMSE, or null when unknown
     * @param meanPredictorRmse the mean predictor's RMSE, or null when unknown
     * @return the check, when both figures are known
     */
    public static Optional<MeanPredictorCheck> of(Double rmse, Double meanPredictorRmse) {
        return rmse == null || meanPredictorRmse == null ? Optional.empty() : Optional.of(new MeanPredictorCheck(rmse, meanPredictorRmse));
    }

    /** @return whether the model's RMSE is strictly below the mean predictor's (a tie does not count) */
    public boolean beaten() {
        return rmse < meanPredictorRmse;
    }

    /**
     * @param what whose figures these are, such as "the selected model's dev RMSE"
     * @return one plain sentence for a model that did not beat the mean predictor (empty when it did)
     */
    public Optional<String> warning(String what) {
        if (beaten()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "warning: %s %.2f is not below the mean predictor's %.2f: the model learned nothing "
                + "that always predicting the training labels' mean does not give; do not use its scores", what, rmse, meanPredictorRmse));
    }
}
