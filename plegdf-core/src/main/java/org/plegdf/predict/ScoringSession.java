package org.plegdf.predict;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.plegdf.data.FrameLoader;
import org.plegdf.model.CropScorer;

/**
 * The frames of one prediction call, streamed: crops are packed into a batch buffer and scored
 * whenever it is full, so at most two batches of input are ever held; per-frame scores, the sum of
 * the region weights and an evenly spread handful of crops (for the report) are kept. One per
 * call: not shared between threads.
 *
 * <p>A full batch is scored on a background thread while the caller (decoding, face detection,
 * alignment: mostly single-threaded) fills the other buffer, so the network and the face pipeline
 * overlap instead of taking turns. Results are taken in batch order, so per-frame scores keep the
 * order frames were added. {@code -Dplegdf.predict.overlap=false} scores on the caller's thread.
 */
final class ScoringSession {
    /** Whether batches are scored on a background thread (docs/benchmarks.md, "Inference fast path"). */
    static final boolean OVERLAP = !"false".equals(System.getProperty("plegdf.predict.overlap"));

    /** Scoring threads: daemons that end when idle, so a session abandoned by an exception leaks nothing. */
    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "plegdf-scoring");
        t.setDaemon(true);
        return t;
    };


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
    private final ExecutorService executor;
    private float[] batch;
    private long[] batchFrames;
    private Double[] batchTimes;
    private float[] spareBatch;
    private long[] spareFrames;
    private Double[] spareTimes;
    private Future<Runnable> pending;
    private int inFlight;
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
        this.spareBatch = new float[batch.length];
        this.spareFrames = new long[batchSize];
        this.spareTimes = new Double[batchSize];
        this.sample = new EvenSample<>(keepFaces);
        this.executor = OVERLAP ? new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DAEMONS) : null;
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
        int index = frames();
        sample.offer(() -> new Pending(index, frame, time, crop, landmarks));
        batchFrames[filled] = frame;
        batchTimes[filled] = time;
        if (++filled == batchSize) {
            flush();
        }
    }

    /** @return frames added so far */
    int frames() {
        return perFrame.size() + inFlight + filled;
    }

    private void flush() {
        if (filled == 0) {
            return;
        }
        if (executor == null) {
            record(scorer.score(batch, filled), batchFrames, batchTimes, filled);
            filled = 0;
            return;
        }
        collect();
        int n = filled;
        float[] x = batch;
        long[] frames = batchFrames;
        Double[] times = batchTimes;
        pending = executor.submit(() -> {
            CropScorer.Batch b = scorer.score(x, n);
            return () -> record(b, frames, times, n);
        });
        inFlight = n;
        // Fill the other buffer meanwhile; this one is free again once collect() has returned.
        batch = spareBatch;
        batchFrames = spareFrames;
        batchTimes = spareTimes;
        spareBatch = x;
        spareFrames = frames;
        spareTimes = times;
        filled = 0;
    }

    /** Waits for the batch being scored, if any, and records its results (on the caller's thread). */
    private void collect() {
        if (pending == null) {
            return;
        }
        try {
            pending.get().run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch was scored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("scoring a batch failed", e.getCause());
        } finally {
            pending = null;
            inFlight = 0;
        }
    }

    private void record(CropScorer.Batch b, long[] frames, Double[] times, int n) {
        for (int i = 0; i < n; i++) {
            perFrame.add(new FrameScore(frames[i], times[i], b.scores()[i]));
            weights.add(b, i);
        }
    }

    /** @return the scores of every frame added */
    Scored finish() {
        flush();
        collect();
        if (executor != null) {
            executor.shutdown();
        }
        double[] mean = weights.mean();
        List<SampledFace> faces = new ArrayList<>();
        for (Pending p : sample.items()) {
            faces.add(new SampledFace(p.frame(), p.time(), perFrame.get(p.index()).score(), p.image(), p.landmarks()));
        }
        return new Scored(perFrame, mean, faces);
    }
}
