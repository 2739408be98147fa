package org.plegdf.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue: at most {@code workers} predictions run at once, at most {@code maxQueued} wait.
 * At start every job that had not ended is queued again in the order it arrived, a job that was
 * running when the service stopped (or crashed) included: it is redone from its upload. A sweeper
 * deletes ended jobs older than the retention period.
 */
final class JobQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);

    /**
     * Where a job is, for its status.
     *
     * @param stage queued, analysing, report, done or failed
     * @param fraction done so far in [0, 1], or null when unknown
     * @param queuePosition 1 for the next job to start, or null when not waiting
     */
    record Progress(String stage, Double fraction, Integer queuePosition) {}

    private final JobStore store;
    private final JobRunner runner;
    private final int maxQueued;
    private final Duration retain;
    private final ExecutorService pool;
    private final ScheduledExecutorService sweeper;
    private final ConcurrentLinkedDeque<String> waiting = new ConcurrentLinkedDeque<>();
    private final Map<String, JobRunner.Stage> stages = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    JobQueue(JobStore store, JobRunner runner, int workers, int maxQueued, Duration retain) {
        this.store = store;
        this.runner = runner;
        this.maxQueued = maxQueued;
        this.retain = retain;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> daemon(r, "plegdf-serve-worker-" + n.incrementAndGet()));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "plegdf-serve-retention"));
    }

    /** Queues again every job that had not ended (oldest first) and starts the retention sweeper. */
    void start() {
        // A crash between a job's end and the deletion of its upload leaves the upload: delete it now.
        store.list().stream().filter(j -> j.status().ended()).forEach(store::deleteInput);
        List<Job> open = new ArrayList<>(store.list().stream().filter(j -> !j.status().ended()).toList());
        open.sort(Comparator.comparing(Job::createdAt));
        for (Job j : open) {
            if (j.status() == Job.Status.RUNNING) {
                LOG.info("job {} was interrupted by a stop; it is redone", j.id());
                j = j.requeued();
                store.save(j);
            }
            enqueue(j);
        }
        long period = Math.max(1, Math.min(retain.toSeconds() / 4, 3600));
        sweeper.scheduleWithFixedDelay(this::sweep, 0, period, TimeUnit.SECONDS);
    }

    /** @return whether another job may be queued now */
    boolean hasRoom() {
        return waiting.size() < maxQueued && !stopping;
    }

    /**
     * @param job a queued job already in the store
     */
    void enqueue(Job job) {
        waiting.add(job.id());
        pool.execute(() -> run(job.id()));
    }

    /**
     * Frees a deleted job's place in the queue (its task then finds no job and ends).
     *
     * @param id the job's id
     */
    void forget(String id) {
        waiting.remove(id);
    }

    /**
     * @param job a job
     * @return where it is now
     */
    Progress progress(Job job) {
        return switch (job.status()) {
            case QUEUED -> new Progress("queued", 0.0, position(job.id()));
            case DONE -> new Progress("done", 1.0, null);
            case FAILED -> new Progress("failed", null, null);
            case RUNNING -> running(job);
        };
    }

    private Progress running(Job job) {
        JobRunner.Stage s = stages.get(job.id());
        if (s == JobRunner.Stage.REPORT) {
            return new Progress("report", 0.95, null);
        }
        // Reading the input is most of the work; the report takes the last part.
        Path in = store.input(job);
        OptionalDouble read = ReadProgress.of(in, job.input().equals("frames") ? countFrames(in) : 0);
        return new Progress("analysing", read.isPresent() ? Math.round(read.getAsDouble() * 90) / 100.0 : null, null);
    }

    private Integer position(String id) {
        int i = 1;
        for (String w : waiting) {
            if (w.equals(id)) {
                return i;
            }
            i++;
        }
        return null;
    }

    private void run(String id) {
        waiting.remove(id);
        Job job = store.get(id).orElse(null);
        if (job == null || stopping || job.status().ended()) {
            return; // deleted while waiting, or the service is stopping (it stays queued on disk)
        }
        Job running = job.running();
        if (!store.save(running)) {
            return;
        }
        try {
            Job end = runner.run(running, s -> stages.put(id, s), () -> stopping);
            if (end != null && !stopping && store.save(end)) {
                store.deleteInput(end);
                LOG.info("job {} {}{}", id, end.status().id(), end.error() == null ? "" : " (code " + end.error().code() + ")");
            }
        } finally {
            stages.remove(id);
        }
    }

    private void sweep() {
        Instant cutoff = Instant.now().minus(retain);
        for (Job j : store.list()) {
            Instant end = j.finishedAt();
            if (end != null && end.isBefore(cutoff) && store.delete(j.id())) {
                LOG.info("job {} deleted after the retention period", j.id());
            }
        }
    }

    private static int countFrames(Path frames) {
        try (Stream<Path> s = Files.list(frames)) {
            return (int) s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Stops: no job starts any more; running ones are abandoned (their state on disk stays
     * "running", so the next start redoes them). Waits up to 10 s for the workers to let go.
     */
    @Override
    public void close() {
        stopping = true;
        sweeper.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
