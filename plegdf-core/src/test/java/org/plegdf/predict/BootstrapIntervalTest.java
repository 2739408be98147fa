package org.plegdf.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapIntervalTest {

    private static double[] normal(int n, double mean, double sd, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + sd * r.nextGaussian();
        }
        return x;
    }

    @Test
    void matchesTheNormalTheoryIntervalOfTheMean() {
        double[] x = normal(400, 20, 6, 1);
        double mean = Arrays.stream(x).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1));
        Interval i = BootstrapInterval.of(x, mean, 0.9, 4000, 42);
        // mean +- 1.645 sd / sqrt(n): the bootstrap agrees within a few percent for a normal sample.
        double half = 1.645 * sd / Math.sqrt(x.length);
        assertThat(i.lo()).isCloseTo(mean - half, within(0.1 * half));
        assertThat(i.hi()).isCloseTo(mean + half, within(0.1 * half));
    }

    @Test
    void isSeededNarrowsWithMoreFramesAndHoldsTheMean() {
        double[] few = normal(10, 20, 6, 2);
        double[] many = normal(1000, 20, 6, 2);
        double mf = Arrays.stream(few).average().orElseThrow();
        double mm = Arrays.stream(many).average().orElseThrow();
        Interval a = BootstrapInterval.of(few, mf, 0.9, 2000, 7);
        assertThat(BootstrapInterval.of(few, mf, 0.9, 2000, 7)).isEqualTo(a);
        assertThat(BootstrapInterval.of(few, mf, 0.9, 2000, 8)).isNotEqualTo(a);
        Interval b = BootstrapInterval.of(many, mm, 0.9, 2000, 7);
        assertThat(b.hi() - b.lo()).isLessThan((a.hi() - a.lo()) / 4);
        assertThat(a.contains(mf)).isTrue();
        assertThat(b.contains(mm)).isTrue();
        // Heavily skewed scores: still an interval around the reported mean.
        double[] skewed = {0, 0, 0, 0, 0, 0, 0, 0, 0, 63};
        Interval s = BootstrapInterval.of(skewed, 6.3, 0.9, 2000, 1);
        assertThat(s.contains(6.3)).isTrue();
        assertThat(s.lo()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void constantScoresAndSingleFramesHaveNoSpread() {
        assertThat(BootstrapInterval.of(new double[] {12, 12, 12, 12, 12}, 12, 0.9, 500, 1)).isEqualTo(new Interval(12, 12, 500));
        assertThat(BootstrapInterval.of(new double[] {30}, 30, 0.9, 500, 1)).isEqualTo(new Interval(30, 30));
    }
}
