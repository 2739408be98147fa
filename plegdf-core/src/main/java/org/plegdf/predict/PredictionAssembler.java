package org.plegdf.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.plegdf.face.CropRecipe;
import org.plegdf.model.ModelConfig;
import org.plegdf.store.ModelSource;
import org.plegdf.util.BuildInfo;

/**
 * Puts a prediction together from the scored frames: the mean score, its band, the bootstrap
 * interval over frames, the region grid, and what was analysed by which model.
 */
final class PredictionAssembler {
    private final ModelConfig config;
    private final PredictOptions options;
    private final Prediction.ModelInfo modelInfo;

    /**
     * @param config the model's configuration
     * @param options prediction options (interval level, resamples, seed)
     * @param modelInfo which model this is
     */
    PredictionAssembler(ModelConfig config, PredictOptions options, Prediction.ModelInfo modelInfo) {
        this.config = config;
        this.options = options;
        this.modelInfo = modelInfo;
    }

    /**
     * @param model the --model path
     * @param source what it is
     * @param loaded what loading it told
     * @return the model's description in predictions
     */
    static Prediction.ModelInfo modelInfo(Path model, ModelSource source, ModelSource.Loaded loaded) {
        ModelConfig c = loaded.net().config();
        CropRecipe p = c.preprocessing;
        return new Prediction.ModelInfo(model.toAbsolutePath().normalize().toString(), source.kind().id(),
                c.backbone, c.ablation.id(), c.inputSize, c.regions, c.formatVersion, loaded.madeBy(), loaded.devRmse(),
                new Prediction.Preprocessing(p.frameStep(), p.detector(), p.minFace(), p.cropSize(c.inputSize), p.source()),
                loaded.devBaselineRmse(), c.trainedOn);
    }

    /** @return which model this is */
    Prediction.ModelInfo modelInfo() {
        return modelInfo;
    }

    /**
     * @param scored the scored frames
     * @param input what was analysed
     * @param t0 {@link System#nanoTime()} when the call began
     * @return the prediction
     */
    Prediction assemble(ScoringSession.Scored scored, Analysed input, long t0) {
        double[] scores = scored.perFrame().stream().mapToDouble(FrameScore::score).toArray();
        double mean = Arrays.stream(scores).average().orElseThrow();
        Interval interval = BootstrapInterval.of(scores, mean, options.intervalLevel(), options.bootstrapSamples(), options.seed());
        Prediction.Input in = new Prediction.Input(input.kind(), input.path(), input.framesAnalysed(), input.frameStep(),
                input.durationSeconds(), (System.nanoTime() - t0) / 1e9, input.warnings());
        return new Prediction(mean, Prediction.Scale.of(config.scale), config.scale.bandOf(mean), interval, options.intervalLevel(),
                scores.length, input.framesWithoutFace(), scored.perFrame(), regions(scored.meanRegionWeights()), in, modelInfo,
                BuildInfo.version(), scored.faces());
    }

    private static List<RegionWeight> regions(double[] w) {
        List<RegionWeight> regions = new ArrayList<>();
        if (w != null) {
            int r = (int) Math.round(Math.sqrt(w.length));
            for (int i = 0; i < w.length; i++) {
                regions.add(new RegionWeight(i / r, i % r, w[i]));
            }
        }
        return regions;
    }
}
