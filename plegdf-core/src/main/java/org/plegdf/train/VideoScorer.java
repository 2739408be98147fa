package org.plegdf.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.plegdf.data.FrameLoader;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.Tensors;
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

    private final PlegdfFglscfNet net;
    private final NDManager manager;
    private final FrameLoader loader;
    private final int batchSize;
    private final int workers;
    private final double scaleMax;

    /**
     * @param net the network (its parameters live on {@code manager}'s device)
     * @param manager the manager (and device) to compute on
     * @param batchSize frames per forward pass
     * @param workers decoding threads
     */
    public VideoScorer(PlegdfFglscfNet net, NDManager manager, int batchSize, int workers) {
        ModelConfig cfg = net.config();
        this.net = net;
        this.manager = manager;
        this.loader = new FrameLoader(cfg.inputSize, cfg.mean, cfg.std);
        this.batchSize = batchSize;
        this.workers = workers;
        this.scaleMax = cfg.scale.max();
    }

    /**
     * @param videos for each video, the frames to score (each list non-empty)
     * @param task progress-bar label, or null for no bar
     * @return one result per video, same order
     */
    public List<Scored> score(List<List<Path>> videos, String task) {
        List<FrameSample> samples = new ArrayList<>();
        for (int v = 0; v < videos.size(); v++) {
            for (Path f : videos.get(v)) {
                samples.add(new FrameSample(v, f, Float.NaN));
            }
        }
        double[][] frameScores = new double[videos.size()][];
        int[] filled = new int[videos.size()];
        double[][] weights = new double[videos.size()][];
        for (int v = 0; v < videos.size(); v++) {
            frameScores[v] = new double[videos.get(v).size()];
        }
        int size = net.config().inputSize;
        try (BatchPipeline pipe = new BatchPipeline(samples, batchSize, size, (f, rng, batch, i) -> loader.loadInto(f, null, null, batch, i),
                        false, 0, workers, 2);
                ProgressBar bar = task == null ? null : Progress.bar(task, samples.size(), "frames")) {
            while (pipe.hasNext()) {
                BatchPipeline.Batch b = pipe.next();
                try (NDManager sub = manager.newSubManager()) {
                    NDArray x = Tensors.create(sub, b.images(), new Shape(b.size(), 3, size, size));
                    NDList out = net.forward(new ParameterStore(sub, false), new NDList(x), false);
                    float[] s = out.get(PlegdfFglscfNet.SCORE).toFloatArray();
                    float[] w = out.contains(PlegdfFglscfNet.REGION_WEIGHTS) ? out.get(PlegdfFglscfNet.REGION_WEIGHTS).toFloatArray() : null;
                    int rr = w == null ? 0 : w.length / b.size();
                    for (int i = 0; i < b.size(); i++) {
                        int v = b.samples().get(i).video();
                        frameScores[v][filled[v]++] = Math.max(0, Math.min(scaleMax, s[i] * scaleMax));
                        if (w != null) {
                            if (weights[v] == null) {
                                weights[v] = new double[rr];
                            }
                            for (int r = 0; r < rr; r++) {
                                weights[v][r] += w[i * rr + r];
                            }
                        }
                    }
                }
                if (bar != null) {
                    bar.stepBy(b.size());
                }
            }
        }
        List<Scored> out = new ArrayList<>(videos.size());
        for (int v = 0; v < videos.size(); v++) {
            double[] fs = frameScores[v];
            double mean = java.util.Arrays.stream(fs).average().orElse(Double.NaN);
            if (weights[v] != null) {
                for (int r = 0; r < weights[v].length; r++) {
                    weights[v][r] /= fs.length;
                }
            }
            out.add(new Scored(fs, mean, weights[v]));
        }
        return out;
    }
}
