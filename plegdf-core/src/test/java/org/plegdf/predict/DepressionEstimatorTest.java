package org.plegdf.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.face.FaceSettings;
import org.plegdf.model.Ablation;
import org.plegdf.preprocess.PreprocessRun;
import org.plegdf.preprocess.VideoJob;
import org.plegdf.store.ModelStore;
import org.plegdf.testkit.TinyModel;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** The Java API on a real encoded face video, with an untrained tiny model. */
class DepressionEstimatorTest {
    @TempDir static Path dir;
    static Path model;
    static Path video;
    static DepressionEstimator est;

    @BeforeAll
    static void setUp() throws Exception {
        model = PredictFixtures.saveUntrained(dir.resolve("model"), TinyModel.config(Ablation.FULL), 5, 18);
        video = PredictFixtures.tomVideo(dir.resolve("tom.mp4"));
        est = DepressionEstimator.load(model, PredictOptions.defaults(), "cpu");
    }

    @AfterAll
    static void tearDown() {
        if (est != null) {
            est.close();
        }
    }

    @Test
    void aVideoIsCroppedExactlyAsPreprocessCropsItForTraining() {
        Prediction fromVideo = est.predictVideo(video);
        assertThat(fromVideo.input().frameStep()).isEqualTo(3);
        assertThat(fromVideo.input().framesAnalysed()).isEqualTo(PredictFixtures.TOM_FRAMES / 3);
        assertThat(fromVideo.framesUsed()).isGreaterThanOrEqualTo(18);

        // The training route: plegdf preprocess with the settings the model records, then the crops.
        var pre = est.config().preprocessing;
        FaceSettings fs = pre.faceSettings(null, 64, pre.minFace());
        new PreprocessRun(dir.resolve("pre"), fs, pre.frameStep(), 0, 1, false).run(List.of(new VideoJob("tom", video, null)));
        Prediction fromFrames = est.predictFrames(dir.resolve("pre/tom/frames"));

        assertThat(fromFrames.framesUsed()).isEqualTo(fromVideo.framesUsed());
        for (int i = 0; i < fromVideo.framesUsed(); i++) {
            FrameScore v = fromVideo.perFrame().get(i);
            FrameScore f = fromFrames.perFrame().get(i);
            assertThat(f.frame()).isEqualTo(v.frame());
            assertThat(f.time()).isCloseTo(v.time(), within(1e-6));
            // Lossless PNG crops of the same pixels, in the same batches: the same numbers.
            assertThat(f.score()).as("frame " + v.frame()).isCloseTo(v.score(), within(1e-6));
        }
        assertThat(fromFrames.score()).isCloseTo(fromVideo.score(), within(1e-6));
    }

    @Test
    void concurrentCallsGiveExactlyTheSequentialResults() throws Exception {
        BufferedImage photo = ImageIO.read(PredictFixtures.tomPhoto().toFile());
        Path frames = dir.resolve("frames-copy");
        Files.createDirectories(frames);
        Prediction image = est.predictImage(photo);
        for (int i = 0; i < 6; i++) {
            // Six differently scaled crops of the photo's face, as a small frame folder.
            BufferedImage face = image.faces().get(0).image();
            BufferedImage scaled = FaceOverlays.enlarged(face, 64 + 8 * i);
            ImageIO.write(scaled, "png", frames.resolve(String.format("%06d.png", i * 3)).toFile());
        }
        List<Callable<Prediction>> calls = List.of(() -> est.predictVideo(video), () -> est.predictFrames(frames), () -> est.predictImage(photo));
        List<Prediction> sequential = new ArrayList<>();
        for (Callable<Prediction> c : calls) {
            sequential.add(c.call());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Prediction>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (int t = 0; t < 4; t++) {
                    futures.add(pool.submit(calls.get((round * 4 + t) % calls.size())));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                Prediction got = futures.get(i).get();
                Prediction want = sequential.get(i % calls.size());
                assertThat(got.frameScores()).as("call %d", i).containsExactly(want.frameScores());
                assertThat(got.score()).isEqualTo(want.score());
                assertThat(got.interval()).isEqualTo(want.interval());
                assertThat(got.regions()).isEqualTo(want.regions());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTruncatedVideoIsScoredAndTheReportSaysSo() throws Exception {
        Path whole = dir.resolve("whole.mkv");
        org.plegdf.preprocess.PhotoVideo.record(PredictFixtures.tomPhoto(), whole, PredictFixtures.TOM_FRAMES, 0.42, 0.55, 60, 0);
        byte[] bytes = java.nio.file.Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.mkv");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 6 / 10));

        Prediction p = est.predictVideo(cut);
        assertThat(p.input().warnings()).singleElement().asString().contains("cut.mkv").contains("truncated");
        assertThat(p.framesUsed()).isPositive();
        assertThat(PredictionReport.html(p, null, false)).contains("Input warning:").contains("looks truncated");
        String json = org.plegdf.util.Json.mapper().writeValueAsString(p);
        assertThat(json).contains("\"warnings\" : [ \"").contains("truncated");

        assertThat(est.predictVideo(whole).input().warnings()).isEmpty();
    }

    @Test
    void oneImageIsOneFrameWithoutSpread() {
        Prediction p = est.predictImage(PredictFixtures.tomPhoto());
        assertThat(p.framesUsed()).isEqualTo(1);
        assertThat(p.interval().lo()).isEqualTo(p.score());
        assertThat(p.interval().hi()).isEqualTo(p.score());
        assertThat(p.band()).isEqualTo(est.config().scale.bandOf(p.score()));
        assertThat(p.faces()).hasSize(1);
        assertThat(p.input().kind()).isEqualTo("image");
        SaliencyMap s = est.saliency(p);
        assertThat(s.size()).isEqualTo(64);
        assertThat(s.frames()).isEqualTo(1);
        float max = 0;
        for (float v : s.values()) {
            assertThat(v).isBetween(0f, 1f);
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void tooFewFacesAreRefusedWithTheCountAndTheThreshold() {
        try (DepressionEstimator strict = DepressionEstimator.load(model, PredictOptions.defaults().withMinFrames(25), "cpu")) {
            assertThatThrownBy(() -> strict.predictVideo(video))
                    .isInstanceOf(PlegdfException.class)
                    .hasMessageContaining("tom.mp4")
                    .hasMessageContaining("of 20 analysed frames")
                    .hasMessageContaining("at least 25")
                    .extracting(e -> ((PlegdfException) e).exitCode()).isEqualTo(ExitCodes.NO_FACE);
        }
    }

    @Test
    void ablationsWithoutFglscfHaveNoRegionsAndARunFolderLoads() throws Exception {
        Path run = dir.resolve("run-nofglscf");
        PredictFixtures.saveUntrained(run.resolve("model"), TinyModel.config(Ablation.NO_FGLSCF), 3, 30);
        try (DepressionEstimator e = DepressionEstimator.load(run, PredictOptions.defaults(), "cpu")) {
            Prediction p = e.predictImage(PredictFixtures.tomPhoto());
            assertThat(p.regions()).isEmpty();
            assertThat(p.model().kind()).isEqualTo("run");
            assertThat(p.model().ablation()).isEqualTo("no-fglscf");
            assertThat(PredictionReport.html(p, e.saliency(p), true)).contains("has no FGLSCF region weights");
        }
        assertThat(Files.isRegularFile(run.resolve("model").resolve(ModelStore.WEIGHTS))).isTrue();
    }

    @Test
    void theReportSaysPlainlyWhenTheModelIsNoBetterThanGuessingAndWhatItWasTrainedOn() {
        Prediction p = est.predictImage(PredictFixtures.tomPhoto());
        Prediction.ModelInfo m = p.model();
        Prediction.ModelInfo worse = new Prediction.ModelInfo(m.source(), m.kind(), m.backbone(), m.ablation(), m.inputSize(), m.regions(),
                m.formatVersion(), m.madeBy(), 9.5, m.preprocessing(), 8.0, "synthetic (plegdf synth), BDI-II");
        Prediction q = new Prediction(p.score(), p.scale(), p.band(), p.interval(), p.intervalLevel(), p.framesUsed(), p.framesWithoutFace(),
                p.perFrame(), p.regions(), p.input(), worse, p.plegdfVersion(), p.faces());
        String html = PredictionReport.html(q, null, false);
        assertThat(html).contains("no better than guessing").contains("9.5").contains("8.0").contains("synthetic (plegdf synth), BDI-II");
        assertThat(PredictionReport.html(p, null, false)).doesNotContain("no better than guessing");
        // Equal attention sits mid-scale: near-equal weights must not span the colour map.
        assertThat(RegionWeight.heat(1.0 / 16, 16)).isEqualTo(0.5);
        assertThat(RegionWeight.heat(0.065, 16) - RegionWeight.heat(0.060, 16)).isLessThan(0.05);
    }

    @Test
    void aClosedEstimatorRefusesWork() {
        DepressionEstimator e = DepressionEstimator.load(model, PredictOptions.defaults(), "cpu");
        e.close();
        e.close();
        assertThatThrownBy(() -> e.predictImage(PredictFixtures.tomPhoto())).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
