package org.plegdf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.Split;
import org.plegdf.face.FaceSettings;
import org.plegdf.model.Precision;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.predict.PredictFixtures;
import org.plegdf.predict.PredictOptions;
import org.plegdf.predict.Prediction;
import org.plegdf.preprocess.PreprocessRun;
import org.plegdf.preprocess.VideoJob;
import org.plegdf.store.RunFiles;
import org.plegdf.testkit.TinyModel;
import org.plegdf.util.Json;

/**
 * The seam between evaluation and prediction: on the same crops, {@code evaluate}'s per-video
 * prediction is {@code predict}'s score, so the RMSE a run reports is the RMSE its predictions have.
 */
class EvaluateEqualsPredictTest {
    @TempDir Path tmp;

    @Test
    void evaluatesPerVideoPredictionIsPredictsScoreOnTheSameFrames() throws Exception {
        Path video = PredictFixtures.tomVideo(tmp.resolve("tom.mp4"));
        Path data = tmp.resolve("data");
        new PreprocessRun(data, FaceSettings.video(64), 3, 0, 1, false).run(List.of(
                new VideoJob("tom-train", video, List.of("tom-train", "s1", "train", "20", video.toString())),
                new VideoJob("tom-test", video, List.of("tom-test", "s2", "test", "30", video.toString()))));
        Manifest m = ManifestReader.read(data);

        Path run = tmp.resolve("run");
        PredictFixtures.saveUntrained(run.resolve("model"), TinyModel.config(), 5, 18);
        writeRunConfig(run);

        // A run folder with its recorded (default) settings, and a model folder on its own.
        for (Path model : List.of(run, run.resolve("model"))) {
            Evaluation.Report r = Evaluation.run(RunFolder.of(model), m, Split.TEST, tmp.resolve("eval"), "cpu");
            // evaluate computes in float32 as the network trains; predict's float32 fast path (BatchNorm
            // folded) must give its numbers, and bfloat16 (auto on CPUs with AVX512_BF16) stays within
            // the accuracy guard's 0.3 points (predict/FastPathAccuracyTest).
            try (DepressionEstimator est = DepressionEstimator.load(model, PredictOptions.defaults(), "cpu", Precision.FP32);
                    DepressionEstimator bf16 = DepressionEstimator.load(model, PredictOptions.defaults(), "cpu", Precision.BF16)) {
                Prediction p = est.predictFrames(data.resolve("tom-test/frames"));
                Prediction q = bf16.predictFrames(data.resolve("tom-test/frames"));
                assertThat(r.perVideo()).singleElement().satisfies(v -> {
                    assertThat(v.frames()).as(model.toString()).isEqualTo(p.framesUsed());
                    assertThat(v.prediction()).isCloseTo(p.score(), within(1e-4));
                    assertThat(v.prediction()).isCloseTo(q.score(), within(0.3));
                });
            }
        }
    }

    private static void writeRunConfig(Path run) {
        RunConfig rc = new RunConfig();
        rc.model = TinyModel.config();
        Json.write(new RunFiles(run).runConfig(), rc);
    }
}
