package org.plegdf.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.plegdf.data.FrameLoader;
import org.plegdf.model.CropScorer;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.util.Progress;

/**
 * Scores videos: every given frame of every video goes through the network in batches (decoded in
 * parallel), and a video's score is the mean of its frames' scores (spec: Task). Scores are on the
 * rating scale, clamped to [0, max].
 */
public final class VideoScorer {

    /**
     * One video's result.
     *
     * @param frameScores per-frame scores on the rating scale, in the order given
     * @param score the mean of the frame scores
     * @param regionWeights the FGLSCF region weights averaged over frames (R*R, row-major), or null
     *     when the ablation has none
     */
    public record Scored(double[] frameScores, double score, double[] regionWeights) {
        /** @return the number of frames scored */
        public int frames() {
            return frameScores.length;
        }
    }

    private final CropScorer scorer;
    private final FrameLoader loader;
    private final int size;
    private final int batchSize;
    private final int workers;

    /**
     * @param net the network (its parameters live on {@code manager}'s device)
     * @param manager the manager (and device) to compute on
     * @param batchSize frames per forward pass
     * @param workers decoding threads
     */
    public VideoScorer(PlegdfFglscfNet net, NDManager manager, int batchSize, int workers) {
        ModelConfig cfg = net.config();
        this.scorer = new CropScorer(net, manager);
        this.loader = new FrameLoader(cfg.inputSize, cfg.mean, cfg.std);
        this.size = cfg.inputSize;
        this.batchSize = batchSize;
        this.workers = workers;
    }

    /**
     * @param videos for each video, the frames to score (each list non-empty)
     * @param task progress-bar label, or null for no bar
     * @return one result per video, same order
     */
    public List<Scored> score(List<List<Path>> videos, String task) {
        List<FrameSample> samples = new ArrayList<>();
        double[][] frameScores = new double[videos.size()][];
        CropScorer.WeightMean[] weights = new CropScorer.WeightMean[videos.size()];
        for (int v = 0; v < videos.size(); v++) {
            for (Path f : videos.get(v)) {
                samples.add(new FrameSample(v, f, Float.NaN));
            }
            frameScores[v] = new double[videos.get(v).size()];
            weights[v] = new CropScorer.WeightMean();
        }
        int[] filled = new int[videos.size()];
        try (BatchPipeline pipe = new BatchPipeline(samples, batchSize, size, (f, rng, batch, i) -> loader.loadInto(f, null, null, batch, i),
                        false, 0, workers, 2);
                ProgressBar bar = task == null ? null : Progress.bar(task, samples.size(), "frames")) {
            while (pipe.hasNext()) {
                BatchPipeline.Batch b = pipe.next();
                CropScorer.Batch s = scorer.score(b.images(), b.size());
                for (int i = 0; i < b.size(); i++) {
                    int v = b.samples().get(i).video();
                    frameScores[v][filled[v]++] = s.scores()[i];
                    weights[v].add(s, i);
                }
                if (bar != null) {
                    bar.stepBy(b.size());
                }
            }
        }
        List<Scored> out = new ArrayList<>(videos.size());
        for (int v = 0; v < videos.size(); v++) {
            double mean = Arrays.stream(frameScores[v]).average().orElse(Double.NaN);
            out.add(new Scored(frameScores[v], mean, weights[v].mean()));
        }
        return out;
    }
}
