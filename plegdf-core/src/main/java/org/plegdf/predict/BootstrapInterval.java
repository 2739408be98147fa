package org.plegdf.predict;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A percentile bootstrap interval for the mean of the frame scores: frames are drawn with
 * replacement, the mean of each draw is taken, and the interval spans the central {@code level}
 * of those means. It shows how much the video's score depends on which frames were seen, not how
 * far the model is from the truth (that is the model's own error, see the report).
 */
final class BootstrapInterval {
    private BootstrapInterval() {}

    /**
     * @param scores per-frame scores (at least one)
     * @param mean their mean (the reported score)
     * @param level coverage, e.g. 0.9
     * @param samples number of resamples
     * @param seed the random seed (same inputs and seed, same interval)
     * @return the interval, widened if needed so that it holds {@code mean}
     */
    static Interval of(double[] scores, double mean, double level, int samples, long seed) {
        int n = scores.length;
        if (n == 1) {
            return new Interval(mean, mean);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[samples];
        for (int b = 0; b < samples; b++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += scores[rng.nextInt(n)];
            }
            means[b] = s / n;
        }
        Arrays.sort(means);
        double tail = (1 - level) / 2;
        double lo = quantile(means, tail);
        double hi = quantile(means, 1 - tail);
        // For very skewed frame scores the percentiles can miss the mean by a hair; the interval is
        // documented to contain the score, so it is widened to it rather than silently excluding it.
        return new Interval(Math.min(lo, mean), Math.max(hi, mean), samples);
    }

    /** Linear interpolation between order statistics (type 7, as R and NumPy default). */
    private static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int i = (int) Math.floor(h);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (h - i) * (sorted[j] - sorted[i]);
    }
}
