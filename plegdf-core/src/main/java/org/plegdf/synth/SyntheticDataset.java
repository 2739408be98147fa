package org.plegdf.synth;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestWriter;
import org.plegdf.data.Seeds;
import org.plegdf.data.VideoRecord;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.FileTrees;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * Writes the synthetic benchmark (docs/synth.md) as a dataset in the generic format: frame folders
 * of PNG faces under {@code frames/}, a {@code synth.json} with the options, and the
 * {@code manifest.csv} last, so an interrupted run never leaves a manifest that points at missing
 * frames.
 *
 * <p>Deterministic: every subject and video draws from its own stream derived from the seed, so
 * the bytes do not depend on the number of threads or their schedule.
 */
public final class SyntheticDataset {
    /** The folder, inside the dataset, that holds the frame folders. */
    public static final String FRAMES_DIR = "frames";
    /** The file that marks a folder as a synthetic dataset and records its options. */
    public static final String INFO_FILE = "synth.json";
    /** Version of the renderer; bumped whenever the same options would give different pictures. */
    public static final int GENERATOR_VERSION = 1;

    private static final long IDENTITY = 1;
    private static final long GAINS = 2;
    private static final long VIDEO = 3;
    private static final long COHORT = 4;
    private static final long VIDEO_LABEL = 5;

    /**
     * What {@code synth.json} holds.
     *
     * @param generatorVersion {@link #GENERATOR_VERSION}
     * @param subjects subjects
     * @param videosPerSubject videos per subject
     * @param frames frames per video
     * @param size crop side in pixels
     * @param seed the seed
     * @param videos videos written
     */
    public record Info(
            @JsonProperty("generator_version") int generatorVersion,
            @JsonProperty("subjects") int subjects,
            @JsonProperty("videos_per_subject") int videosPerSubject,
            @JsonProperty("frames") int frames,
            @JsonProperty("size") int size,
            @JsonProperty("seed") long seed,
            @JsonProperty("videos") int videos) {}

    /**
     * The outcome of a run.
     *
     * @param manifest the manifest file written
     * @param videos videos written
     * @param frames frames written
     * @param bytes bytes of PNG written
     * @param seconds wall time
     */
    public record Result(Path manifest, int videos, long frames, long bytes, double seconds) {}

    private record Job(Cohort.Subject subject, int video, double bdi, String videoId, String relPath) {}

    private SyntheticDataset() {}

    /**
     * Generates and writes a dataset.
     *
     * @param out the dataset folder: created, or empty, or an earlier synthetic dataset (replaced)
     * @param options sizes and seed
     * @param threads worker threads (at least 1); the output does not depend on it
     * @param progress true to show a progress bar on stderr
     * @return what was written
     * @throws PlegdfException {@link ExitCodes#OUTPUT_NOT_WRITABLE} when {@code out} holds other
     *     files or cannot be written
     */
    public static Result write(Path out, SynthOptions options, int threads, boolean progress) {
        long start = System.nanoTime();
        prepare(out);
        List<Job> jobs = plan(options);
        Path framesRoot = out.resolve(FRAMES_DIR);
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "synth");
            t.setDaemon(true);
            return t;
        });
        ProgressBar bar = progress
                ? new ProgressBarBuilder().setTaskName("synth").setInitialMax(jobs.size())
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" videos", 1).continuousUpdate().build()
                : null;
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    bytes.addAndGet(renderVideo(job, options, framesRoot.resolve(job.videoId())));
                    if (bar != null) {
                        bar.step();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                await(f, out);
            }
        } finally {
            pool.shutdownNow();
            if (bar != null) {
                bar.close();
            }
        }
        List<VideoRecord> records = new ArrayList<>();
        for (Job job : jobs) {
            records.add(VideoRecord.frames(out, job.videoId(), job.subject().id(), job.subject().split(), job.bdi(), job.relPath()));
        }
        Json.write(out.resolve(INFO_FILE), new Info(GENERATOR_VERSION, options.subjects(), options.videosPerSubject(),
                options.frames(), options.size(), options.seed(), jobs.size()));
        Path manifest = ManifestWriter.write(out.resolve(Manifest.FILE_NAME), records);
        return new Result(manifest, jobs.size(), (long) jobs.size() * options.frames(), bytes.get(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The videos to write: one per subject and video index, in subject order. A subject's extra
     * recordings get a score that drifts from the first (normal, sd 7, kept in [0, 45]), as
     * repeated sessions of one person in AVEC2013 do.
     */
    private static List<Job> plan(SynthOptions o) {
        List<Cohort.Subject> subjects = Cohort.draw(o.subjects(), Seeds.random(o.seed(), COHORT));
        List<Job> jobs = new ArrayList<>();
        for (Cohort.Subject s : subjects) {
            for (int v = 0; v < o.videosPerSubject(); v++) {
                double bdi = s.bdi();
                if (v > 0) {
                    Random r = Seeds.random(o.seed(), VIDEO_LABEL, s.index(), v);
                    bdi = Math.max(0, Math.min(Cohort.MAX_SCORE, Math.round(s.bdi() + 7 * r.nextGaussian())));
                }
                String videoId = s.id() + "_v" + (v + 1);
                jobs.add(new Job(s, v, bdi, videoId, FRAMES_DIR + "/" + videoId));
            }
        }
        return jobs;
    }

    private static long renderVideo(Job job, SynthOptions o, Path dir) throws IOException {
        int index = job.subject().index();
        Identity id = Identity.draw(Seeds.random(o.seed(), IDENTITY, index));
        double[] gains = DepressionCues.drawGains(Seeds.random(o.seed(), GAINS, index));
        DepressionCues cues = DepressionCues.of(job.bdi(), gains);
        List<FrameState> script = VideoScript.generate(id, cues, o.frames(), Seeds.random(o.seed(), VIDEO, index, job.video()));
        FaceRenderer.Head head = new FaceRenderer.Head(id);
        Files.createDirectories(dir);
        int digits = Math.max(4, String.valueOf(o.frames()).length());
        String pattern = "frame_%0" + digits + "d.png";
        long total = 0;
        try (PngEncoder png = new PngEncoder()) {
            for (int t = 0; t < script.size(); t++) {
                BufferedImage img = FaceRenderer.render(head, cues, script.get(t), o.size());
                byte[] bytes = png.encode(img);
                Files.write(dir.resolve(String.format(pattern, t + 1)), bytes);
                total += bytes.length;
            }
        }
        return total;
    }

    /**
     * Makes {@code out} ready: creates it, or accepts it empty, or clears an earlier synthetic
     * dataset (its manifest first, so no state in between has a manifest with missing frames).
     */
    private static void prepare(Path out) {
        try {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": exists and is not a folder");
            }
            Files.createDirectories(out);
            boolean empty;
            try (Stream<Path> s = Files.list(out)) {
                empty = s.findAny().isEmpty();
            }
            if (empty) {
                return;
            }
            if (!Files.isRegularFile(out.resolve(INFO_FILE))) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out
                        + ": folder is not empty and is not an earlier synthetic dataset (no " + INFO_FILE
                        + "); choose a new or empty folder");
            }
            Files.deleteIfExists(out.resolve(Manifest.FILE_NAME));
            Files.deleteIfExists(out.resolve(INFO_FILE));
            FileTrees.deleteTree(out.resolve(FRAMES_DIR));
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": cannot prepare the output folder: " + e.getMessage(), e);
        }
    }

    private static void await(Future<?> f, Path out) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlegdfException(ExitCodes.INTERNAL, "interrupted while writing " + out, e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof PlegdfException pe) {
                throw pe;
            }
            if (c instanceof IOException || c instanceof UncheckedIOException) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, out + ": cannot write frames: " + c.getMessage(), c);
            }
            throw new IllegalStateException("rendering failed: " + c, c);
        }
    }
}
