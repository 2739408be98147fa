package org.plegdf.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes and augments frames on worker threads while the network computes: batches are prepared
 * {@code prefetch} ahead, so memory stays bounded (prefetch x batch x 3 x S x S floats). Each
 * sample's augmentation draws from its own {@link Random} seeded by (seed, position), so results do
 * not depend on thread scheduling.
 */
public final class BatchPipeline implements AutoCloseable {

    /**
     * A prepared batch.
     *
     * @param images size x 3 x S x S normalised values
     * @param targets per-sample targets
     * @param samples the samples, in order
     */
    public record Batch(float[] images, float[] targets, List<FrameSample> samples) {
        /** @return the number of frames */
        public int size() {
            return samples.size();
        }
    }

    private final List<FrameSample> samples;
    private final int batchSize;
    private final int imageSize;
    private final FrameDecoder decoder;
    private final boolean augment;
    private final long seed;
    private final ExecutorService pool;
    private final Deque<CompletableFuture<Batch>> inFlight = new ArrayDeque<>();
    private final int batches;
    private int nextToSchedule;
    private int nextToTake;

    /**
     * @param samples frames in the order they are to be batched
     * @param batchSize frames per batch (the last batch may be smaller)
     * @param imageSize S
     * @param decoder decodes one frame
     * @param augment whether to augment (training)
     * @param seed seed of the per-sample augmentation
     * @param workers decoding threads
     * @param prefetch batches prepared ahead
     */
    public BatchPipeline(List<FrameSample> samples, int batchSize, int imageSize, FrameDecoder decoder,
            boolean augment, long seed, int workers, int prefetch) {
        this.samples = List.copyOf(samples);
        this.batchSize = batchSize;
        this.imageSize = imageSize;
        this.decoder = decoder;
        this.augment = augment;
        this.seed = seed;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
            Thread t = new Thread(r, "plegdf-loader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.batches = (samples.size() + batchSize - 1) / batchSize;
        for (int i = 0; i < Math.max(1, prefetch); i++) {
            scheduleNext();
        }
    }

    /** @return the number of batches this pipeline yields */
    public int batchCount() {
        return batches;
    }

    /** @return whether another batch remains */
    public boolean hasNext() {
        return nextToTake < batches;
    }

    /**
     * @return the next batch, waiting for it if it is still being decoded
     * @throws org.plegdf.util.PlegdfException when a frame cannot be read (names the file)
     */
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CompletableFuture<Batch> f = inFlight.removeFirst();
        nextToTake++;
        scheduleNext();
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private void scheduleNext() {
        if (nextToSchedule >= batches) {
            return;
        }
        int from = nextToSchedule * batchSize;
        int to = Math.min(samples.size(), from + batchSize);
        nextToSchedule++;
        List<FrameSample> part = samples.subList(from, to);
        int per = 3 * imageSize * imageSize;
        float[] images = new float[part.size() * per];
        float[] targets = new float[part.size()];
        CompletableFuture<?>[] loads = new CompletableFuture<?>[part.size()];
        for (int i = 0; i < part.size(); i++) {
            FrameSample s = part.get(i);
            targets[i] = s.target();
            int index = i;
            long sampleSeed = seed * 1_000_003L + from + i;
            loads[i] = CompletableFuture.runAsync(
                    () -> decoder.decode(s.frame(), augment ? new Random(sampleSeed) : null, images, index), pool);
        }
        inFlight.addLast(CompletableFuture.allOf(loads).thenApply(v -> new Batch(images, targets, part)));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
