package org.plegdf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;

class MetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void matchesHandComputedValues() {
        // y = 1 2 3 4, p = 2 2 4 5: errors 1 0 1 1
        // RMSE = sqrt(3/4), MAE = 3/4
        // means 2.5 and 3.25; cov = 5.5/4, var(y) = 5/4, var(p) = 6.75/4 (population moments)
        // r = 5.5 / sqrt(5 * 6.75); CCC = 2 * 1.375 / (1.25 + 1.6875 + 0.75^2) = 2.75 / 3.5
        // mean predictor 2: errors -1 0 1 2, RMSE = sqrt(6/4), MAE = 1
        Metrics m = Metrics.of(new double[] {1, 2, 3, 4}, new double[] {2, 2, 4, 5}, 2);
        assertThat(m.n()).isEqualTo(4);
        assertThat(m.rmse()).isCloseTo(Math.sqrt(0.75), within(EPS));
        assertThat(m.mae()).isCloseTo(0.75, within(EPS));
        assertThat(m.pcc()).isCloseTo(5.5 / Math.sqrt(5 * 6.75), within(EPS));
        assertThat(m.pcc()).isCloseTo(0.946729, within(1e-6));
        assertThat(m.ccc()).isCloseTo(2.75 / 3.5, within(EPS));
        assertThat(m.baselineValue()).isEqualTo(2);
        assertThat(m.baselineRmse()).isCloseTo(Math.sqrt(1.5), within(EPS));
        assertThat(m.baselineMae()).isCloseTo(1.0, within(EPS));
    }

    @Test
    void perfectShiftedAndReversedPredictions() {
        double[] y = {1, 2, 3};
        assertThat(Metrics.pearson(y, y)).isEqualTo(1.0);
        assertThat(Metrics.ccc(y, y)).isEqualTo(1.0);
        assertThat(Metrics.rmse(y, y)).isZero();
        // shifted by 1: r stays 1, CCC = 2 (2/3) / (2/3 + 2/3 + 1) = 4/7
        double[] shifted = {2, 3, 4};
        assertThat(Metrics.pearson(y, shifted)).isCloseTo(1.0, within(EPS));
        assertThat(Metrics.ccc(y, shifted)).isCloseTo(4.0 / 7.0, within(EPS));
        assertThat(Metrics.mae(y, shifted)).isCloseTo(1.0, within(EPS));
        // reversed: r = -1, CCC = 2 (-2/3) / (4/3) = -1
        double[] reversed = {3, 2, 1};
        assertThat(Metrics.pearson(y, reversed)).isCloseTo(-1.0, within(EPS));
        assertThat(Metrics.ccc(y, reversed)).isCloseTo(-1.0, within(EPS));
        // RMSE differs from MAE when errors differ: errors 2 0 2 -> sqrt(8/3) vs 4/3
        assertThat(Metrics.rmse(y, reversed)).isCloseTo(Math.sqrt(8.0 / 3.0), within(EPS));
        assertThat(Metrics.mae(y, reversed)).isCloseTo(4.0 / 3.0, within(EPS));
    }

    @Test
    void constantPredictionsLeavePearsonUndefinedAndCccZero() {
        double[] y = {1, 2, 3, 4};
        double[] constant = {0.1, 0.1, 0.1, 0.1}; // a mean with rounding error must still count as constant
        assertThat(Metrics.pearson(y, constant)).isNaN();
        assertThat(Metrics.ccc(y, constant)).isZero();
        Metrics m = Metrics.of(y, new double[] {2.5, 2.5, 2.5, 2.5}, 2.5);
        assertThat(m.pcc()).isNaN();
        assertThat(m.ccc()).isZero();
        assertThat(m.rmse()).isEqualTo(m.baselineRmse());
        // both constant and equal: 0 / 0
        assertThat(Metrics.ccc(new double[] {5, 5}, new double[] {5, 5})).isNaN();
        // both constant, different: CCC = 0 / d^2 = 0
        assertThat(Metrics.ccc(new double[] {5, 5}, new double[] {6, 6})).isZero();
    }

    @Test
    void singleVideo() {
        Metrics m = Metrics.of(new double[] {10}, new double[] {13}, 12);
        assertThat(m.rmse()).isEqualTo(3.0);
        assertThat(m.mae()).isEqualTo(3.0);
        assertThat(m.pcc()).isNaN();
        assertThat(m.baselineRmse()).isEqualTo(2.0);
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> Metrics.rmse(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 labels but 2 predictions");
        assertThatThrownBy(() -> Metrics.mae(new double[0], new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Metrics.pearson(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> Metrics.of(new double[] {1}, new double[] {1}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void videoPredictionsAverageFramesPerVideo() {
        Path root = Path.of("data");
        VideoRecord a = VideoRecord.frames(root, "a", "S1", Split.TEST, 10, "frames/a");
        VideoRecord b = VideoRecord.frames(root, "b", "S2", Split.TEST, 20, "frames/b");
        VideoPredictions vp = new VideoPredictions();
        vp.add(a, 8);
        vp.add(b, 30);
        vp.add(a, 14);
        vp.add(b, 20);
        vp.add(a, 11);
        assertThat(vp.results()).containsExactly(
                new VideoPredictions.VideoResult("a", "S1", 10, 11, 3),
                new VideoPredictions.VideoResult("b", "S2", 20, 25, 2));
        // errors 1 and 5: RMSE sqrt(13), MAE 3; baseline 15: errors 5 and 5
        Metrics m = vp.metrics(15);
        assertThat(m.rmse()).isCloseTo(Math.sqrt(13), within(EPS));
        assertThat(m.mae()).isCloseTo(3, within(EPS));
        assertThat(m.baselineRmse()).isCloseTo(5, within(EPS));
        assertThat(m.pcc()).isCloseTo(1.0, within(EPS));
        assertThatThrownBy(() -> vp.add(new VideoRecord("u", "S3", Split.TEST, java.util.OptionalDouble.empty(), "x",
                root.resolve("x"), org.plegdf.data.MediaKind.FRAMES), 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
