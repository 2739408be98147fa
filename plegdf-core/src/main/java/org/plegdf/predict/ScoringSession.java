package org.plegdf.predict;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.plegdf.data.FrameLoader;
import org.plegdf.model.CropScorer;

/**
 * The frames of one prediction call, streamed: crops are packed into a batch buffer and scored
 * whenever it is full, so only one batch of input is ever held; per-frame scores, the sum of the
 * region weights and an evenly spread handful of crops (for the report) are kept. One per call:
 * not shared between threads.
 */
final class ScoringSession {

    /**
     * Everything the frames gave.
     *
     * @param perFrame one entry per scored frame, in the order added
     * @param meanRegionWeights mean region weights over frames, or null without FGLSCF
     * @param faces the kept crops with their scores
     */
    record Scored(List<FrameScore> perFrame, double[] meanRegionWeights, List<SampledFace> faces) {}

    private record Pending(int index, long frame, Double time, BufferedImage image, float[] landmarks) {}

    private final CropScorer scorer;
    private final FrameLoader loader;
    private final int batchSize;
    private final float[] batch;
    private final long[] batchFrames;
    private final Double[] batchTimes;
    private final EvenSample<Pending> sample;
    private final List<FrameScore> perFrame = new ArrayList<>();
    private final CropScorer.WeightMean weights = new CropScorer.WeightMean();
    private int filled;

    /**
     * @param scorer the network runner
     * @param loader normalisation of the model (input size, mean, std)
     * @param batchSize frames per forward pass
     * @param keepFaces most crops kept for the report
     */
    ScoringSession(CropScorer scorer, FrameLoader loader, int batchSize, int keepFaces) {
        this.scorer = scorer;
        this.loader = loader;
        this.batchSize = batchSize;
        this.batch = new float[batchSize * loader.frameLength()];
        this.batchFrames = new long[batchSize];
        this.batchTimes = new Double[batchSize];
        this.sample = new EvenSample<>(keepFaces);
    }

    /**
     * Adds one aligned face.
     *
     * @param frame its frame index
     * @param time its time in seconds, or null
     * @param crop the crop at the network's input size (S x S)
     */
    void add(long frame, Double time, BufferedImage crop) {
        add(frame, time, crop, null);
    }

    /**
     * Adds one aligned face with its landmarks (for the report's figure).
     *
     * @param frame its frame index
     * @param time its time in seconds, or null
     * @param crop the crop at the network's input size (S x S)
     * @param landmarks the 68 landmarks as fractions of the crop side, or null
     */
    void add(long frame, Double time, BufferedImage crop, float[] landmarks) {
        loader.toChw(crop, batch, filled * loader.frameLength());
        int index = perFrame.size() + filled;
        sample.offer(() -> new Pending(index, frame, time, crop, landmarks));
        batchFrames[filled] = frame;
        batchTimes[filled] = time;
        if (++filled == batchSize) {
            flush();
        }
    }

    /** @return frames added so far */
    int frames() {
        return perFrame.size() + filled;
    }

    private void flush() {
        if (filled == 0) {
            return;
        }
        CropScorer.Batch b = scorer.score(batch, filled);
        for (int i = 0; i < filled; i++) {
            perFrame.add(new FrameScore(batchFrames[i], batchTimes[i], b.scores()[i]));
            weights.add(b, i);
        }
        filled = 0;
    }

    /** @return the scores of every frame added */
    Scored finish() {
        flush();
        double[] mean = weights.mean();
        List<SampledFace> faces = new ArrayList<>();
        for (Pending p : sample.items()) {
            faces.add(new SampledFace(p.frame(), p.time(), perFrame.get(p.index()).score(), p.image(), p.landmarks()));
        }
        return new Scored(perFrame, mean, faces);
    }
}
