package org.plegdf.preprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.bytedeco.opencv.global.opencv_core;
import org.plegdf.face.CropRecipe;
import org.plegdf.face.FacePipeline;
import org.plegdf.face.FaceSettings;
import org.plegdf.store.RunLock;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preprocesses a list of videos in parallel (one video per worker, each worker with its own
 * {@link FacePipeline}), skipping videos an earlier run finished, passing frame folders of a
 * manifest through, reporting unreadable videos and videos without a usable face by name and
 * carrying on.
 */
public final class PreprocessRun {
    /** The run summary file in the output folder. */
    public static final String SUMMARY = "preprocess-summary.json";
    /** The rewritten manifest in the output folder (manifest input only). */
    public static final String MANIFEST = "manifest.csv";

    private static final Logger LOG = LoggerFactory.getLogger(PreprocessRun.class);

    private final Path out;
    private final FaceSettings faceSettings;
    private final PreprocessSettings settings;
    private final int workers;
    private final boolean progressBar;

    /**
     * @param out output folder
     * @param faceSettings detector and crop settings
     * @param frameStep analyse one video frame in this many
     * @param maxFrames sampled-frame limit per video (0 = none)
     * @param workers videos in parallel
     * @param progressBar whether to show a progress bar
     */
    public PreprocessRun(Path out, FaceSettings faceSettings, int frameStep, long maxFrames, int workers, boolean progressBar) {
        if (frameStep < 1) {
            throw new PlegdfException(ExitCodes.USAGE, "--frame-step must be >= 1: " + frameStep);
        }
        if (maxFrames < 0) {
            throw new PlegdfException(ExitCodes.USAGE, "--max-frames must be >= 0: " + maxFrames);
        }
        if (workers < 1) {
            throw new PlegdfException(ExitCodes.USAGE, "--workers must be >= 1: " + workers);
        }
        this.out = out;
        this.faceSettings = faceSettings;
        this.settings = new PreprocessSettings(CropRecipe.of(faceSettings, frameStep), maxFrames);
        this.workers = workers;
        this.progressBar = progressBar;
    }

    /**
     * Runs all jobs; failures of single videos are collected, not thrown.
     *
     * @param jobs the videos
     * @return the summary (also written to {@value #SUMMARY})
     */
    public PreprocessSummary run(List<VideoJob> jobs) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": cannot create output folder (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(out)) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": output folder is not writable");
        }
        // One process writes an output folder: two would redo each other's videos and race on the manifest.
        try (RunLock lock = RunLock.acquire(out, "preprocess output")) {
            return runLocked(jobs);
        }
    }

    private PreprocessSummary runLocked(List<VideoJob> jobs) {
        // Under the lock: what a killed run may have left, never a live run's files.
        VideoPreprocessor.removeTempFiles(out, SUMMARY, MANIFEST);
        // Fail fast on a bad detector setting (missing YuNet file) before any video is touched.
        new FacePipeline(faceSettings).close();
        // Workers share the cores: OpenCV's own thread pool gets what one worker's share is.
        int cores = Runtime.getRuntime().availableProcessors();
        opencv_core.setNumThreads(Math.max(1, cores / workers));

        VideoPreprocessor writer = new VideoPreprocessor(out, settings);
        long t0 = System.nanoTime();
        List<VideoResult> results = new ArrayList<>();
        AtomicInteger finishedVideos = new AtomicInteger();
        try (ProgressBar bar = bar(jobs.size())) {
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "preprocess");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<VideoResult>> futures = new ArrayList<>();
                for (VideoJob job : jobs) {
                    futures.add(pool.submit(() -> {
                        VideoResult r = processOne(writer, job, bar);
                        bar.setExtraMessage(String.format(" videos %d/%d", finishedVideos.incrementAndGet(), jobs.size()));
                        return r;
                    }));
                }
                for (Future<VideoResult> f : futures) {
                    results.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlegdfException(ExitCodes.INTERNAL, "interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
            } finally {
                pool.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        PreprocessSummary summary = summarise(results, seconds);
        Json.write(out.resolve(SUMMARY), summary);
        List<VideoJob> finished = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            VideoResult r = results.get(i);
            // Failed videos and videos without a face have no frames to train on: left out, reported.
            if (jobs.get(i).manifestRow() != null && !VideoResult.FAILED.equals(r.status()) && !r.yieldedNoFace()) {
                finished.add(jobs.get(i));
            }
        }
        if (jobs.stream().anyMatch(j -> j.manifestRow() != null)) {
            VideoManifest.writeFrames(out.resolve(MANIFEST), finished);
        }
        return summary;
    }

    private VideoResult processOne(VideoPreprocessor writer, VideoJob job, ProgressBar bar) {
        if (job.isFrameFolder()) {
            return frameFolder(job);
        }
        VideoResult r = processVideo(writer, job, bar);
        if (r.yieldedNoFace()) {
            LOG.warn("{}: no usable face in {} analysed frames (none found, or all smaller than --min-face {} of the frame's shorter side); "
                    + "no crops, left out of the manifest", job.video(), r.framesRead(), settings.recipe().minFace());
        }
        return r;
    }

    private VideoResult frameFolder(VideoJob job) {
        int images = org.plegdf.data.FrameFolder.of(job.video()).size();
        if (images == 0) {
            String error = job.video() + ": frame folder with no images (png, jpg, jpeg, bmp)";
            LOG.error("{}", error);
            return VideoResult.failed(job, error, 0, settings);
        }
        LOG.debug("{}: frame folder, passed through", job.video());
        return VideoResult.frameFolder(job, images, settings);
    }

    private VideoResult processVideo(VideoPreprocessor writer, VideoJob job, ProgressBar bar) {
        java.util.Optional<VideoResult> done = writer.finished(job);
        if (done.isPresent()) {
            LOG.debug("{}: already done, skipped", job.id());
            return done.get();
        }
        long t0 = System.nanoTime();
        try (FacePipeline pipeline = new FacePipeline(faceSettings)) {
            return writer.process(job, pipeline, new VideoPreprocessor.Listener() {
                @Override
                public void videoStarted(long expected) {
                    synchronized (bar) {
                        bar.maxHint(Math.max(0, bar.getMax()) + Math.max(0, expected));
                    }
                }

                @Override
                public void frameRead() {
                    bar.step();
                }
            });
        } catch (PlegdfException e) {
            // One line per failed video, the run goes on.
            LOG.error("{}", e.getMessage());
            LOG.debug("details", e);
            return VideoResult.failed(job, e.getMessage(), (System.nanoTime() - t0) / 1e9, settings);
        }
    }

    private PreprocessSummary summarise(List<VideoResult> results, double seconds) {
        int done = 0;
        int skipped = 0;
        int failed = 0;
        long read = 0;
        long kept = 0;
        long without = 0;
        long decoded = 0;
        int warnings = 0;
        int frameFolders = 0;
        List<String> withoutFace = new ArrayList<>();
        for (VideoResult r : results) {
            if (r.warning() != null) {
                warnings++;
            }
            if (r.yieldedNoFace()) {
                withoutFace.add(r.video());
            }
            switch (r.status()) {
                case VideoResult.DONE -> {
                    done++;
                    read += r.framesRead();
                    kept += r.framesKept();
                    without += r.framesWithoutFace();
                    decoded += r.framesDecoded();
                }
                case VideoResult.SKIPPED -> skipped++;
                case VideoResult.FRAMES -> frameFolders++;
                default -> failed++;
            }
        }
        double s = Math.max(seconds, 1e-9);
        return new PreprocessSummary(results.size(), done, skipped, failed, frameFolders, withoutFace, warnings, read, kept, without, decoded,
                seconds, read / s, decoded / s, workers, settings, results);
    }

    private ProgressBar bar(int videos) {
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName("faces")
                .setInitialMax(0)
                .setUnit(" fr", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500);
        if (!progressBar) {
            b.setConsumer(new DelegatingProgressBarConsumer(line -> { }));
        } else if (System.console() == null) {
            // Not a terminal (CI, redirected): a log line every 30 s instead of carriage returns.
            b.setUpdateIntervalMillis(30_000).setConsumer(new DelegatingProgressBarConsumer(LOG::info));
        }
        ProgressBar bar = b.build();
        bar.setExtraMessage(" videos 0/" + videos);
        return bar;
    }
}
