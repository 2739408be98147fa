package org.plegdf.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.plegdf.util.NanAsNull;

/**
 * Video-level regression metrics (architecture.md section 7) beside those of the mean predictor,
 * which always predicts the training labels' mean, so every result reads against that baseline.
 *
 * <p>Pearson's r and Lin's CCC use population (1/n) moments. Either is {@code NaN} when it is
 * undefined: Pearson's r when the predictions or the labels are constant (a zero variance), Lin's
 * CCC only when both are constant and equal (0/0); constant predictions against varying labels
 * give CCC = 0, as the formula does. Callers writing JSON should map NaN to null.
 *
 * @param n number of videos
 * @param rmse root mean squared error
 * @param mae mean absolute error
 * @param pcc Pearson's correlation coefficient, or NaN when undefined (null in JSON)
 * @param ccc Lin's concordance correlation coefficient, or NaN when undefined
 * @param baselineValue the constant the mean predictor predicts (the training labels' mean)
 * @param baselineRmse RMSE of the mean predictor on the same videos
 * @param baselineMae MAE of the mean predictor on the same videos
 */
public record Metrics(
        @JsonProperty("videos") int n,
        @JsonProperty("rmse") double rmse,
        @JsonProperty("mae") double mae,
        @JsonProperty("pcc") @JsonSerialize(using = NanAsNull.Writer.class) @JsonDeserialize(using = NanAsNull.Reader.class) double pcc,
        @JsonProperty("ccc") @JsonSerialize(using = NanAsNull.Writer.class) @JsonDeserialize(using = NanAsNull.Reader.class) double ccc,
        @JsonProperty("baseline_value") double baselineValue,
        @JsonProperty("baseline_rmse") double baselineRmse,
        @JsonProperty("baseline_mae") double baselineMae) {

    /**
     * @param labels true scores, one per video
     * @param predictions predicted scores, same order
     * @param trainMean the mean of the training labels (the mean predictor's constant)
     * @return all metrics
     * @throws IllegalArgumentException when the arrays are empty, differ in length, or hold a
     *     non-finite value
     */
    public static Metrics of(double[] labels, double[] predictions, double trainMean) {
        check(labels, predictions);
        if (!Double.isFinite(trainMean)) {
            throw new IllegalArgumentException("trainMean must be finite, got " + trainMean);
        }
        double[] constant = new double[labels.length];
        java.util.Arrays.fill(constant, trainMean);
        return new Metrics(labels.length, rmse(labels, predictions), mae(labels, predictions),
                pearson(labels, predictions), ccc(labels, predictions),
                trainMean, rmse(labels, constant), mae(labels, constant));
    }

    /**
     * @param y true values
     * @param p predictions
     * @return sqrt(mean((p - y)^2))
     */
    public static double rmse(double[] y, double[] p) {
        check(y, p);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double d = p[i] - y[i];
            s += d * d;
        }
        return Math.sqrt(s / y.length);
    }

    /**
     * @param y true values
     * @param p predictions
     * @return mean(|p - y|)
     */
    public static double mae(double[] y, double[] p) {
        check(y, p);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += Math.abs(p[i] - y[i]);
        }
        return s / y.length;
    }

    /**
     * @param y true values
     * @param p predictions
     * @return Pearson's r = cov(y, p) / (sd(y) sd(p)), or NaN when either variance is zero
     */
    public static double pearson(double[] y, double[] p) {
        Moments m = Moments.of(y, p);
        if (m.varY == 0 || m.varP == 0) {
            return Double.NaN;
        }
        return clamp(m.cov / Math.sqrt(m.varY * m.varP));
    }

    /**
     * @param y true values
     * @param p predictions
     * @return Lin's CCC = 2 cov / (var(y) + var(p) + (mean(y) - mean(p))^2), or NaN when the
     *     denominator is zero (both constant and equal)
     */
    public static double ccc(double[] y, double[] p) {
        Moments m = Moments.of(y, p);
        double d = m.meanY - m.meanP;
        double den = m.varY + m.varP + d * d;
        if (den == 0) {
            return Double.NaN;
        }
        return clamp(2 * m.cov / den);
    }

    private static double clamp(double r) {
        // rounding can push a perfect correlation a hair past 1
        return Math.max(-1, Math.min(1, r));
    }

    private static void check(double[] y, double[] p) {
        if (y.length != p.length) {
            throw new IllegalArgumentException(y.length + " labels but " + p.length + " predictions");
        }
        if (y.length == 0) {
            throw new IllegalArgumentException("no videos to score");
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i]) || !Double.isFinite(p[i])) {
                throw new IllegalArgumentException("non-finite value at index " + i + ": label " + y[i]
                        + ", prediction " + p[i]);
            }
        }
    }

    /** Means, population variances and covariance, centred two-pass for accuracy. */
    private record Moments(double meanY, double meanP, double varY, double varP, double cov) {
        static Moments of(double[] y, double[] p) {
            check(y, p);
            int n = y.length;
            double my = 0;
            double mp = 0;
            for (int i = 0; i < n; i++) {
                my += y[i];
                mp += p[i];
            }
            my /= n;
            mp /= n;
            double vy = 0;
            double vp = 0;
            double c = 0;
            for (int i = 0; i < n; i++) {
                double a = y[i] - my;
                double b = p[i] - mp;
                vy += a * a;
                vp += b * b;
                c += a * b;
            }
            // exact zero for constant inputs: rounding in the mean would otherwise leave ~1e-34
            boolean constY = isConstant(y);
            boolean constP = isConstant(p);
            return new Moments(my, mp, constY ? 0 : vy / n, constP ? 0 : vp / n, constY || constP ? 0 : c / n);
        }

        private static boolean isConstant(double[] v) {
            for (double x : v) {
                if (x != v[0]) {
                    return false;
                }
            }
            return true;
        }
    }
}
