package org.plegdf.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.plegdf.data.Augmentation;
import org.plegdf.data.FrameLoader;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.Engines;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.report.Plots;
import org.plegdf.store.ModelStore;
import org.plegdf.store.RunFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.plegdf.util.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One epoch of a training run: the epoch's frames through the optimizer, the dev videos scored,
 * the epoch recorded (history, best model, checkpoint). An epoch that diverges (a non-finite loss
 * or dev prediction) stops the run with {@link ExitCodes#TRAINING_DIVERGED} before anything of it
 * is written, so the last good checkpoint and model stay as they were.
 */
final class EpochLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EpochLoop.class);
    /**
     * A test seam: {@code -Dplegdf.test.haltAfterSteps=N} stops the process dead after optimizer
     * step N of this process, as {@code kill -9} would (no shutdown hooks, nothing flushed), at an
     * exact point instead of after a guessed sleep.
     */
    private static final long HALT_AFTER_STEPS = Long.getLong("plegdf.test.haltAfterSteps", 0);

    /**
     * The data of the run's epochs.
     *
     * @param train labelled training videos
     * @param devFrames for each dev video, the crops to score
     * @param devLabels the dev videos' labels
     * @param trainMean the training labels' mean (the mean predictor)
     */
    record Data(List<VideoRecord> train, List<List<Path>> devFrames, double[] devLabels, double trainMean) {}

    private final TrainConfig cfg;
    private final ModelConfig modelConfig;
    private final RunFiles files;
    private final FrameSampling sampling;
    private final Data data;
    private final CosineSchedule schedule;
    private final FrameLoader loader;
    private final Augmentation aug;
    /** Steps of every run in this process (plegdf cv trains one run per fold), for the test seam. */
    private static final java.util.concurrent.atomic.AtomicLong STEPS_THIS_PROCESS = new java.util.concurrent.atomic.AtomicLong();

    EpochLoop(TrainConfig cfg, ModelConfig modelConfig, RunFiles files, FrameSampling sampling, Data data, CosineSchedule schedule) {
        this.cfg = cfg;
        this.modelConfig = modelConfig;
        this.files = files;
        this.sampling = sampling;
        this.data = data;
        this.schedule = schedule;
        this.loader = new FrameLoader(modelConfig.inputSize, modelConfig.mean, modelConfig.std);
        this.aug = new Augmentation(cfg.flip ? 0.5 : 0, cfg.cropScaleMin, 1.0, 3.0 / 4.0, 4.0 / 3.0, cfg.jitter, cfg.jitter);
    }

    /**
     * @param trainer the trainer (network, optimizer, loss)
     * @param step the training step over the run's devices
     * @param net the network
     * @param adam its optimizer (saved with the checkpoint)
     * @param state the state after the previous epoch
     * @return the state after this epoch (also checkpointed)
     */
    Checkpoint.State run(Trainer trainer, DataParallelStep step, PlegdfFglscfNet net, PlegdfAdam adam, WeightAverage average,
            Checkpoint.State state) {
        int epoch = state.epoch();
        long t0 = System.nanoTime();
        // Re-seeding per epoch makes dropout reproducible across a resume.
        Engines.engine().setRandomSeed((int) (cfg.seed * 1009 + epoch));
        long[] globalStep = {state.globalStep()};
        double loss = train(step, average, epoch, globalStep);
        if (average != null) {
            average.swap(); // the dev split scores, and the model folder keeps, the averaged weights
        }
        double[] preds = scoreDev(net, trainer.getManager(), epoch);
        if (!Double.isFinite(loss)) {
            throw diverged(epoch, String.format(Locale.ROOT, "the mean loss of epoch %d is %s", epoch + 1, loss));
        }
        Metrics m = Metrics.of(data.devLabels(), preds, data.trainMean());
        double seconds = (System.nanoTime() - t0) / 1e9;
        History history = new History(state.history());
        history.add(new History.Row(epoch + 1, loss, m, cfg.lrHead * schedule.factor(globalStep[0] - 1), seconds));
        boolean best = state.bestEpoch() == 0 || m.rmse() < history.rows().get(state.bestEpoch() - 1).dev().rmse();
        int bestEpoch = best ? epoch + 1 : state.bestEpoch();
        if (best) {
            ModelStore.save(net, files.modelDir());
            Plots.scatter(files.plots().resolve("dev_scatter.png"), "Dev videos, epoch " + bestEpoch, data.devLabels(), preds,
                    modelConfig.scale.max(), modelConfig.scale.name());
        }
        if (average != null) {
            average.swap();
        }
        history.write(files.dir());
        Checkpoint.State next = new Checkpoint.State(epoch + 1, globalStep[0], bestEpoch, history.rows());
        Checkpoint.save(files.dir(), net, adam, average, next);
        LOG.info(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  dev RMSE %.2f  MAE %.2f  (mean predictor %.2f)  %.0f s%s",
                epoch + 1, cfg.epochs, loss, m.rmse(), m.mae(), m.baselineRmse(), seconds, best ? "  * best" : ""));
        return next;
    }

    /** @return the epoch's mean training loss */
    private double train(DataParallelStep step, WeightAverage average, int epoch, long[] globalStep) {
        List<FrameSample> samples = dropLonelyLast(sampling.trainingEpoch(data.train(), epoch, modelConfig.scale.max()));
        double lossSum = 0;
        int lossCount = 0;
        String task = String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, cfg.epochs);
        try (BatchPipeline pipe = new BatchPipeline(samples, cfg.batchSize, modelConfig.inputSize,
                        (f, rng, batch, i) -> loader.loadInto(f, aug, rng, batch, i),
                        true, cfg.seed * 1000 + epoch, cfg.effectiveWorkers(), 2);
                ProgressBar bar = Progress.bar(task, pipe.batchCount(), "batch")) {
            while (pipe.hasNext()) {
                float loss = step.step(pipe.next(), modelConfig.inputSize);
                if (!Float.isFinite(loss)) {
                    throw diverged(epoch, String.format(Locale.ROOT, "loss is %s at epoch %d, step %d", loss, epoch + 1, lossCount + 1));
                }
                if (average != null) {
                    average.update();
                }
                lossSum += loss;
                lossCount++;
                globalStep[0]++;
                if (HALT_AFTER_STEPS > 0 && STEPS_THIS_PROCESS.incrementAndGet() == HALT_AFTER_STEPS) {
                    Runtime.getRuntime().halt(137);
                }
                bar.step();
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", lossSum / lossCount));
            }
        }
        return lossSum / Math.max(1, lossCount);
    }

    private double[] scoreDev(PlegdfFglscfNet net, NDManager manager, int epoch) {
        List<VideoScorer.Scored> scored = new VideoScorer(net, manager, Math.max(cfg.batchSize, 32), cfg.effectiveWorkers())
                .score(data.devFrames(), null);
        double[] preds = scored.stream().mapToDouble(VideoScorer.Scored::score).toArray();
        if (Arrays.stream(preds).anyMatch(p -> !Double.isFinite(p))) {
            // Finite losses can still leave weights at infinity: the network then predicts NaN.
            throw diverged(epoch, String.format(Locale.ROOT, "the dev predictions are not finite after epoch %d", epoch + 1));
        }
        return preds;
    }

    private PlegdfException diverged(int epoch, String what) {
        String kept = epoch == 0 ? "no epoch had completed, so nothing is kept"
                : "the checkpoint of epoch " + epoch + " and the best model so far are kept in " + files.dir();
        return new PlegdfException(ExitCodes.TRAINING_DIVERGED, "training diverged: " + what + " (lower lr_head / lr_backbone); " + kept);
    }

    /** BatchNorm cannot train on a batch of one: drop a lone sample left over at the end. */
    private List<FrameSample> dropLonelyLast(List<FrameSample> samples) {
        if (samples.size() % cfg.batchSize == 1 && samples.size() > 1) {
            return new ArrayList<>(samples.subList(0, samples.size() - 1));
        }
        return samples;
    }
}
