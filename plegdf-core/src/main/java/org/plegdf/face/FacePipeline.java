package org.plegdf.face;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.bytedeco.opencv.opencv_core.Mat;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

/**
 * Images and videos in, aligned face crops out: detection, eye location, alignment and (for video)
 * tracking of the one interviewee. This is the API {@code preprocess} and {@code predict} share.
 *
 * <p>Holds native detectors, so it is <b>not thread-safe</b>: use one pipeline per thread (they are
 * cheap to create: the cascades are read once per process). Close it when done.
 */
public final class FacePipeline implements AutoCloseable {
    /** Tracking search region: the previous box grown by this many box sides on each side. */
    private static final double SEARCH_MARGIN = 0.5;
    /** Face size may change by this factor between two sampled frames (zoom, leaning in). */
    private static final double SIZE_CHANGE = 1.45;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FacePipeline.class);
    private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    private final FaceSettings settings;
    private final FaceDetector detector;
    private final FaceObserver observer;
    private final FaceAligner aligner;

    /**
     * @param settings detector and crop settings
     * @throws PlegdfException (BAD_MODEL) when a given landmark model cannot be read
     */
    public FacePipeline(FaceSettings settings) {
        this.settings = settings;
        AlignmentTemplate template = AlignmentTemplate.of(settings.cropSize());
        LandmarkLocator landmarks = LandmarkLocator.forFile(settings.landmarksModel()).orElse(null);
        if (landmarks == null && settings.landmarksModel() == null && !WARNED.getAndSet(true)) {
            LOG.warn("no 68-point landmark model at " + ShapePredictorFile.DEBIAN_PATH + ": faces are aligned on the eye cascade; "
                    + ShapePredictorFile.INSTALL_HINT);
        }
        this.detector = settings.newDetector();
        FaceObserver o = null;
        try {
            o = new FaceObserver(landmarks, template);
        } finally {
            if (o == null) {
                detector.close();
            }
        }
        this.observer = o;
        this.aligner = new FaceAligner(template);
    }

    /** @return whether faces get dlib's 68 landmarks (the model is installed or given) */
    public boolean hasLandmarks() {
        return observer.hasLandmarks();
    }

    /** @return the settings */
    public FaceSettings settings() {
        return settings;
    }

    /** @return the detector (for measurements) */
    public FaceDetector detector() {
        return detector;
    }

    /**
     * Aligns every face of a still image.
     *
     * @param bgr an 8-bit BGR image
     * @return one crop per face, best detection first; the caller closes them
     */
    public List<AlignedFace> alignAll(Mat bgr) {
        List<AlignedFace> out = new ArrayList<>();
        try (Mat gray = new Mat()) {
            cvtColor(bgr, gray, COLOR_BGR2GRAY);
            for (FaceBox box : detector.detect(bgr)) {
                out.add(alignStill(bgr, gray, box));
            }
        }
        return out;
    }

    /**
     * Aligns the largest face of a still image.
     *
     * @param bgr an 8-bit BGR image
     * @return the crop (caller closes it), or empty when no face was found
     */
    public Optional<AlignedFace> align(Mat bgr) {
        try (Mat gray = new Mat()) {
            cvtColor(bgr, gray, COLOR_BGR2GRAY);
            return detector.detect(bgr).stream()
                    .max(Comparator.comparingDouble(FaceBox::area))
                    .map(box -> alignStill(bgr, gray, box));
        }
    }

    /**
     * Aligns the largest face of a Java image.
     *
     * @param image any {@link BufferedImage}
     * @return the crop (caller closes it), or empty when no face was found
     */
    public Optional<AlignedFace> align(BufferedImage image) {
        try (Mat bgr = toMat(image)) {
            return align(bgr);
        }
    }

    /** Eyes for one face of a still image: as {@link FaceObserver} finds them, else the typical geometry of the box. */
    private AlignedFace alignStill(Mat bgr, Mat gray, FaceBox box) {
        FaceObserver.Observation o = observer.observe(bgr, gray, box, OptionalDouble.empty());
        return o.eyes().isPresent()
                ? aligner.align(bgr, o.box(), o.eyes().get(), o.source(), o.landmarks())
                : aligner.align(bgr, o.box(), FaceGeometry.estimate(o.box()), EyeSource.ESTIMATED, null);
    }

    /** Receives the outcome of one sampled video frame. */
    @FunctionalInterface
    public interface FaceSink {
        /**
         * @param frameIndex index of the frame in the video
         * @param seconds its time
         * @param face the aligned interviewee, or empty when the frame has no usable face; closed
         *     by the pipeline after this call returns
         */
        void accept(long frameIndex, double seconds, Optional<AlignedFace> face);

        /**
         * Called once the video is open, before the first frame.
         *
         * @param declaredFrames frame count the container declares (0 when unknown)
         * @param frameRate declared frames per second
         */
        default void started(long declaredFrames, double frameRate) {}
    }

    /**
     * What a video gave.
     *
     * @param framesRead sampled frames analysed
     * @param framesWithFace of those, frames with an aligned interviewee
     * @param framesDecoded all frames decoded
     * @param declaredFrames frame count the container declares (0 when unknown)
     * @param width frame width
     * @param height frame height
     * @param frameRate declared frames per second
     * @param reachedEnd whether decoding ran to the end of the stream (no frame limit stopped it)
     */
    public record VideoFaces(long framesRead, long framesWithFace, long framesDecoded, long declaredFrames,
            int width, int height, double frameRate, boolean reachedEnd) {

        /**
         * A video whose stream ends well before the frame count its container declares was cut short
         * (an interrupted copy or recording): its frames are usable, but the user must know that part
         * of the interview is missing. Declared counts can be estimates, so a frame or two (1%) short
         * is not flagged.
         *
         * @param video the file, for the message
         * @return a one-line warning, or empty
         */
        public Optional<String> truncationWarning(Path video) {
            long tolerance = Math.max(2, declaredFrames / 100);
            if (!reachedEnd || declaredFrames <= 0 || framesDecoded >= declaredFrames - tolerance) {
                return Optional.empty();
            }
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "%s: decoded %d of the %d frames the container declares; the file looks truncated", video, framesDecoded, declaredFrames));
        }
    }

    /**
     * Streams a video: every {@code every}-th frame is searched for the interviewee, who is followed
     * from frame to frame, and aligned.
     *
     * @param video the video file
     * @param every sample one frame in this many
     * @param maxFrames stop after this many sampled frames (0 = whole video)
     * @param sink receives every sampled frame's outcome, in order
     * @return the counts
     * @throws PlegdfException (BAD_VIDEO) when the video cannot be opened or decoded, or holds no frame
     */
    public VideoFaces processVideo(Path video, int every, long maxFrames, FaceSink sink) {
        SubjectTracker tracker = new SubjectTracker();
        long[] withFace = {0};
        try (VideoReader reader = VideoReader.open(video);
                Mat gray = new Mat()) {
            sink.started(reader.declaredFrames(), reader.frameRate());
            long read = reader.forEachSampled(every, maxFrames, (index, seconds, bgr) -> {
                Optional<AlignedFace> face = trackAndAlign(tracker, bgr, gray);
                try {
                    sink.accept(index, seconds, face);
                } finally {
                    face.ifPresent(AlignedFace::close);
                }
                if (face.isPresent()) {
                    withFace[0]++;
                }
            });
            if (reader.decodedFrames() == 0) {
                throw new PlegdfException(ExitCodes.BAD_VIDEO, video + ": no frame could be decoded"
                        + (reader.declaredFrames() > 0 ? " (the container declares " + reader.declaredFrames() + "; the file looks truncated or damaged)" : ""));
            }
            return new VideoFaces(read, withFace[0], reader.decodedFrames(), reader.declaredFrames(),
                    reader.width(), reader.height(), reader.frameRate(), reader.reachedEnd());
        }
    }

    /**
     * One video frame: search near the followed face first (cheap: small region, narrow size range,
     * upright only), the whole frame at all rolls when that fails.
     */
    Optional<AlignedFace> trackAndAlign(SubjectTracker tracker, Mat bgr, Mat gray) {
        List<FaceBox> candidates = List.of();
        if (tracker.isFollowing()) {
            FaceBox last = tracker.current().orElseThrow();
            Region near = Region.around(last, SEARCH_MARGIN, bgr.cols(), bgr.rows());
            candidates = detector.detect(bgr, near, last.size() / SIZE_CHANGE, last.size() * SIZE_CHANGE, false);
        }
        if (candidates.isEmpty()) {
            candidates = detector.detect(bgr);
        }
        Optional<FaceBox> found = tracker.update(candidates);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        cvtColor(bgr, gray, COLOR_BGR2GRAY);
        FaceObserver.Observation o = observer.observe(bgr, gray, found.get(), tracker.recentRoll());
        if (turnedAway(o.landmarks())) {
            return Optional.empty();
        }
        FaceBox box = o.box();
        Optional<EyePair> eyes = o.eyes();
        EyeSource source = o.source();
        // A single unconfirmed find without eyes may be texture that looks like a face: no crop.
        if (eyes.isEmpty() && !tracker.isConfirmed()) {
            return Optional.empty();
        }
        SubjectTracker.TrackedEyes use = tracker.eyes(box, eyes, source);
        return Optional.of(aligner.align(bgr, box, use.eyes(), use.source(), o.landmarks()));
    }

    /** {@code --max-yaw}: a face turned further than the limit is dropped (no landmarks: no pose, kept). */
    private boolean turnedAway(FaceLandmarks landmarks) {
        return settings.maxYaw() > 0 && landmarks != null && landmarks.pose() != null
                && Math.abs(landmarks.pose().yaw()) > settings.maxYaw();
    }

    /**
     * Copies a Java image into a BGR Mat.
     *
     * @param image any image
     * @return an 8-bit BGR Mat; the caller closes it
     */
    public static Mat toMat(BufferedImage image) {
        if (image == null) {
            throw new PlegdfException(ExitCodes.BAD_IMAGE, "no image");
        }
        // Redraw into a fresh packed BGR image: any type, sub-images and odd strides come out the same.
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = bgr.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        byte[] data = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        Mat m = new Mat(bgr.getHeight(), bgr.getWidth(), CV_8UC3);
        m.data().put(data);
        return m;
    }

    @Override
    public void close() {
        observer.close();
        detector.close();
    }
}
