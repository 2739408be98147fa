package org.plegdf.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.plegdf.data.Manifest;
import org.plegdf.data.VideoRecord;

/**
 * Which crops the network sees (spec section 6): for training, every k-th crop of each video
 * ({@code crop_step}) from a random phase, at most N per video, re-drawn and shuffled each epoch;
 * for scoring, every crop, as {@code predict} scores them, thinned evenly to at most the
 * evaluation cap.
 */
public final class FrameSampling {
    private final Manifest manifest;
    private final TrainConfig cfg;

    /**
     * @param manifest the dataset
     * @param cfg the training settings (crop_step, max_frames_per_video, eval_max_frames, seed)
     */
    public FrameSampling(Manifest manifest, TrainConfig cfg) {
        this.manifest = manifest;
        this.cfg = cfg;
    }

    /**
     * @param videos labelled training videos
     * @param epoch 0-based epoch (with the seed, fixes the draw)
     * @param scaleMax the rating scale's maximum (targets are divided by it)
     * @return the epoch's frames, shuffled
     */
    public List<FrameSample> trainingEpoch(List<VideoRecord> videos, int epoch, double scaleMax) {
        Random rng = new Random(cfg.seed * 7919L + epoch);
        List<FrameSample> out = new ArrayList<>();
        for (int v = 0; v < videos.size(); v++) {
            VideoRecord r = videos.get(v);
            float target = (float) (r.label() / scaleMax);
            for (Path f : manifest.frames(r).sample(cfg.cropStep, cfg.maxFramesPerVideo, rng)) {
                out.add(new FrameSample(v, f, target));
            }
        }
        Collections.shuffle(out, rng);
        return out;
    }

    /**
     * @param videos videos to score
     * @return for each, the frames to score (deterministic)
     */
    public List<List<Path>> scoringFrames(List<VideoRecord> videos) {
        List<List<Path>> out = new ArrayList<>(videos.size());
        for (VideoRecord r : videos) {
            var folder = manifest.frames(r);
            out.add(cfg.evalMaxFrames > 0 ? folder.everyKth(1, cfg.evalMaxFrames) : folder.everyKth(1));
        }
        return out;
    }
}
