package org.plegdf.preprocess;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bytedeco.javacpp.IntPointer;
import org.plegdf.face.AlignedFace;
import org.plegdf.face.EyePair;
import org.plegdf.face.FaceBox;
import org.plegdf.face.FacePipeline;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.FileTrees;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * Writes one video's aligned crops: {@code <out>/<id>/frames/NNNNNN.png} (NNNNNN = frame index in
 * the video), {@code faces.csv} (one row per PNG) and, last, the completion marker {@value #MARKER}.
 * A folder without the marker is unfinished and is redone from scratch; a folder with a marker
 * whose settings match is skipped.
 */
public final class VideoPreprocessor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VideoPreprocessor.class);
    /** Completion marker, written last. */
    public static final String MARKER = "done.json";
    /** Per-frame table. */
    public static final String FACES_CSV = "faces.csv";
    /** Crop folder. */
    public static final String FRAMES = "frames";
    /** Columns of faces.csv: the crop's, then head pose and the 68 landmarks (empty without the landmark model). */
    public static final String[] COLUMNS = columns(
        "frame", "time_s", "file", "box_x", "box_y", "box_w", "box_h",
        "left_eye_x", "left_eye_y", "right_eye_x", "right_eye_y", "eyes", "score", "yaw", "pitch", "roll");

    /** Landmark columns as OpenFace names them: x_0..x_67, then y_0..y_67. */
    private static String[] columns(String... base) {
        String[] all = java.util.Arrays.copyOf(base, base.length + 2 * org.plegdf.face.ShapePredictorFile.PARTS);
        for (int i = 0; i < org.plegdf.face.ShapePredictorFile.PARTS; i++) {
            all[base.length + i] = "x_" + i;
            all[base.length + org.plegdf.face.ShapePredictorFile.PARTS + i] = "y_" + i;
        }
        return all;
    }

    /** Hears about progress, from the worker thread. */
    public interface Listener {
        /**
         * @param expectedSampledFrames sampled frames this video should give (estimate)
         */
        void videoStarted(long expectedSampledFrames);

        /** One sampled frame analysed. */
        void frameRead();
    }

    private final Path outRoot;
    private final PreprocessSettings settings;

    /**
     * @param outRoot the run's output folder
     * @param settings the run's settings
     */
    public VideoPreprocessor(Path outRoot, PreprocessSettings settings) {
        this.outRoot = outRoot;
        this.settings = settings;
    }

    /**
     * @param id a video id
     * @return its output folder
     */
    public Path folder(String id) {
        return outRoot.resolve(id);
    }

    /**
     * @param job a video
     * @return its finished result if an earlier run completed it with the same settings
     */
    public java.util.Optional<VideoResult> finished(VideoJob job) {
        Path marker = folder(job.id()).resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return java.util.Optional.empty();
        }
        try {
            VideoResult r = Json.read(marker, VideoResult.class, ExitCodes.OUTPUT_NOT_WRITABLE);
            return settings.equals(r.settings()) && VideoResult.DONE.equals(r.status())
                    ? java.util.Optional.of(r.asSkipped()) : java.util.Optional.empty();
        } catch (PlegdfException e) {
            // An unreadable marker (older format, damaged): redo the video.
            return java.util.Optional.empty();
        }
    }

    /**
     * Processes one video from scratch.
     *
     * @param job the video
     * @param pipeline this thread's pipeline
     * @param listener progress
     * @return the result (status done)
     * @throws PlegdfException BAD_VIDEO for unreadable videos, OUTPUT_NOT_WRITABLE for write errors
     */
    public VideoResult process(VideoJob job, FacePipeline pipeline, Listener listener) {
        long t0 = System.nanoTime();
        Path dir = folder(job.id());
        Path frames = dir.resolve(FRAMES);
        Path csv = dir.resolve(FACES_CSV);
        Path tmpCsv = null;
        boolean finished = false;
        try {
            clear(dir);
            Files.createDirectories(frames);
            tmpCsv = Files.createTempFile(dir, "." + FACES_CSV + ".", ".tmp");
            long[] kept = {0};
            FacePipeline.VideoFaces counts;
            try (Writer w = Files.newBufferedWriter(tmpCsv, StandardCharsets.UTF_8);
                    CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(COLUMNS).setRecordSeparator("\n").build());
                    IntPointer pngParams = new IntPointer(IMWRITE_PNG_COMPRESSION, 1)) {
                counts = pipeline.processVideo(job.video(), settings.recipe().frameStep(), settings.maxFrames(), new FacePipeline.FaceSink() {
                    @Override
                    public void started(long declaredFrames, double frameRate) {
                        listener.videoStarted(settings.recipe().analysedFrames(declaredFrames, settings.maxFrames()));
                    }

                    @Override
                    public void accept(long index, double seconds, java.util.Optional<AlignedFace> face) {
                        listener.frameRead();
                        if (face.isEmpty()) {
                            return;
                        }
                        String name = String.format(Locale.ROOT, "%06d.png", index);
                        Path png = frames.resolve(name);
                        if (!imwrite(png.toString(), face.get().crop(), pngParams)) {
                            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, png + ": cannot write PNG");
                        }
                        row(out, index, seconds, FRAMES + "/" + name, face.get());
                        kept[0]++;
                    }
                });
            }
            move(tmpCsv, csv);
            if (kept[0] == 0) {
                Files.deleteIfExists(frames); // no face: no empty crop folder to mistake for frames
            }
            String warning = counts.truncationWarning(job.video()).orElse(null);
            if (warning != null) {
                LOG.warn(warning);
            }
            VideoResult result = new VideoResult(job.id(), job.video().toString(), VideoResult.DONE, null, warning,
                    counts.framesRead(), kept[0], counts.framesRead() - kept[0], counts.framesDecoded(), counts.declaredFrames(),
                    (System.nanoTime() - t0) / 1e9, settings);
            Json.write(dir.resolve(MARKER), result);
            finished = true;
            return result;
        } catch (IOException | UncheckedIOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, dir + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            try {
                if (tmpCsv != null) {
                    Files.deleteIfExists(tmpCsv);
                }
                if (!finished) {
                    // A failed video leaves nothing behind: no empty frames/, no folder of its own.
                    clear(dir);
                    deleteIfEmpty(dir);
                }
            } catch (IOException | RuntimeException ignored) {
                // Left-overs are harmless: the marker decides what is finished, a re-run clears them.
            }
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(dir);
        }
    }

    /**
     * Deletes the temp files {@link org.plegdf.util.AtomicFiles} and this class write beside the
     * given files ({@code .NAME.*.tmp}): what a run killed with {@code kill -9} leaves.
     *
     * @param dir a folder
     * @param names the final file names whose temp files to delete
     * @throws org.plegdf.util.PlegdfException OUTPUT_NOT_WRITABLE when they cannot be deleted
     */
    static void removeTempFiles(Path dir, String... names) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                for (String name : names) {
                    if (n.startsWith("." + name + ".") && n.endsWith(".tmp") && Files.isRegularFile(p)) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, dir + ": cannot remove left-over temp files (" + e.getMessage() + ")", e);
        }
    }

    private static void row(CSVPrinter out, long index, double seconds, String file, AlignedFace f) {
        FaceBox b = f.box();
        EyePair e = f.eyes();
        java.util.List<Object> cells = new java.util.ArrayList<>(java.util.List.of(index, fmt(seconds), file, fmt(b.x()), fmt(b.y()), fmt(b.width()), fmt(b.height()),
                fmt(e.left().x()), fmt(e.left().y()), fmt(e.right().x()), fmt(e.right().y()), f.eyeSource().label(), fmt(b.score())));
        org.plegdf.face.FaceLandmarks lm = f.landmarks();
        org.plegdf.face.HeadPose pose = lm == null ? null : lm.pose();
        cells.addAll(pose == null ? java.util.List.of("", "", "") : java.util.List.of(fmt(pose.yaw()), fmt(pose.pitch()), fmt(pose.roll())));
        for (int axis = 0; axis < 2; axis++) {
            for (int i = 0; i < org.plegdf.face.ShapePredictorFile.PARTS; i++) {
                cells.add(lm == null ? "" : fmt(axis == 0 ? lm.point(i).x() : lm.point(i).y()));
            }
        }
        try {
            out.printRecord(cells);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** Removes what an unfinished or outdated run left: the marker first, then crops, table and temp files. */
    private static void clear(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(MARKER));
        Files.deleteIfExists(dir.resolve(FACES_CSV));
        removeTempFiles(dir, MARKER, FACES_CSV);
        FileTrees.deleteTree(dir.resolve(FRAMES));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
