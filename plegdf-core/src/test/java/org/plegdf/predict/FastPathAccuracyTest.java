package org.plegdf.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.Precision;
import org.plegdf.synth.SynthOptions;
import org.plegdf.synth.SyntheticDataset;
import org.plegdf.train.TrainConfig;
import org.plegdf.train.TrainingRun;

/**
 * The accuracy guard of the inference fast path (issue 15): a model trained for real (the CPU demo
 * network on rendered face videos, a short training, so BatchNorm's running statistics and every
 * weight are a trained model's, not an initialisation's) scores every video in bfloat16 with folded
 * BatchNorm within 0.3 BDI-II points of float32, and its mean region weights within 0.02. The
 * float32 fast path (folded) is the float32 network's to float rounding.
 */
class FastPathAccuracyTest {
    @TempDir static Path tmp;

    @Test
    void bfloat16WithFoldedBatchNormScoresVideosAsFloat32Does() throws Exception {
        Path data = tmp.resolve("data");
        SyntheticDataset.write(data, new SynthOptions(8, 2, 12, ModelConfig.cpuDefaults().inputSize, 7), 2, false);
        Manifest m = ManifestReader.read(data);
        TrainConfig t = TrainConfig.cpuDemo();
        t.epochs = 2;
        t.batchSize = 16;
        t.maxFramesPerVideo = 8;
        t.evalMaxFrames = 4;
        t.device = "cpu";
        t.workers = 2;
        t.seed = 5;
        Path run = tmp.resolve("run");
        new TrainingRun(m, ModelConfig.cpuDefaults(), t, run).run();

        List<Prediction> fp32 = new ArrayList<>();
        List<Prediction> bf16 = new ArrayList<>();
        try (DepressionEstimator a = DepressionEstimator.load(run, PredictOptions.defaults(), "cpu", Precision.FP32);
                DepressionEstimator b = DepressionEstimator.load(run, PredictOptions.defaults(), "cpu", Precision.BF16)) {
            assertThat(b.inference()).startsWith("bf16 (--precision bf16), 22 BatchNorms folded");
            for (VideoRecord v : m.records()) {
                fp32.add(a.predictFrames(v.location()));
                bf16.add(b.predictFrames(v.location()));
            }
        }
        double worstScore = 0;
        double worstWeight = 0;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i = 0; i < fp32.size(); i++) {
            Prediction p = fp32.get(i);
            Prediction q = bf16.get(i);
            assertThat(q.framesUsed()).isEqualTo(p.framesUsed());
            worstScore = Math.max(worstScore, Math.abs(p.score() - q.score()));
            lo = Math.min(lo, p.score());
            hi = Math.max(hi, p.score());
            assertThat(q.regions()).hasSameSizeAs(p.regions()).isNotEmpty();
            for (int r = 0; r < p.regions().size(); r++) {
                worstWeight = Math.max(worstWeight, Math.abs(p.regions().get(r).weight() - q.regions().get(r).weight()));
            }
        }
        // Scores that are all clamped at 0 or at the scale's end would agree whatever the precision.
        assertThat(hi - lo).as("spread of the float32 scores").isGreaterThan(0.5);
        assertThat(lo).isGreaterThan(0);
        assertThat(worstScore).as("largest |bf16 - fp32| video score, BDI-II points").isLessThan(0.3);
        assertThat(worstWeight).as("largest |bf16 - fp32| mean region weight").isLessThan(0.02);
        System.out.printf("fast path accuracy: %d videos, scores %.2f-%.2f, worst score difference %.4f, worst region weight difference %.5f%n",
                fp32.size(), lo, hi, worstScore, worstWeight);
        assertThat(worstScore).isCloseTo(0, within(0.3));
    }
}
