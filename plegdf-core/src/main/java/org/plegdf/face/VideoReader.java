package org.plegdf.face;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Streams every k-th frame of a video as a BGR {@link Mat}, decoding with FFmpeg (JavaCV's {@link
 * FFmpegFrameGrabber}). Frames that are not sampled are decoded (inter-frame codecs need them) but
 * not converted, and nothing is buffered: memory stays flat whatever the video's length. Not
 * thread-safe; one reader per video.
 */
public final class VideoReader implements AutoCloseable {
    static {
        // FFmpeg prints warnings for every damaged packet; plegdf reports the video once instead.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    /** Receives one sampled frame; the Mat is only valid during the call. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * @param frameIndex index of the frame in the video (0-based, all frames counted)
         * @param seconds its presentation time
         * @param bgr the pixels, valid only during this call
         */
        void accept(long frameIndex, double seconds, Mat bgr);
    }

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private long decoded;
    private boolean reachedEnd;

    private VideoReader(Path file, FFmpegFrameGrabber grabber) {
        this.file = file;
        this.grabber = grabber;
    }

    /**
     * Opens a video.
     *
     * @param file the video file
     * @return the reader
     * @throws PlegdfException (BAD_VIDEO) when the file is missing, not a video or has no video stream
     */
    public static VideoReader open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PlegdfException(ExitCodes.BAD_VIDEO, file + ": video file not found");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        // One decoding thread per video: parallelism comes from processing several videos at once.
        g.setVideoOption("threads", "1");
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new PlegdfException(ExitCodes.BAD_VIDEO, file + ": cannot open video (" + reason(e) + ")", e);
        }
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            closeQuietly(g);
            throw new PlegdfException(ExitCodes.BAD_VIDEO, file + ": no video stream");
        }
        return new VideoReader(file, g);
    }

    /** @return frame width in pixels */
    public int width() {
        return grabber.getImageWidth();
    }

    /** @return frame height in pixels */
    public int height() {
        return grabber.getImageHeight();
    }

    /** @return frames per second as the container declares it (0 when unknown) */
    public double frameRate() {
        return grabber.getVideoFrameRate();
    }

    /** @return the frame count the container declares (an estimate for some formats; 0 when unknown) */
    public long declaredFrames() {
        return Math.max(0, grabber.getLengthInVideoFrames());
    }

    /** @return whether decoding ran to the end of the stream (not stopped by a frame limit) */
    public boolean reachedEnd() {
        return reachedEnd;
    }

    /** @return frames decoded so far */
    public long decodedFrames() {
        return decoded;
    }

    /**
     * Decodes the video to its end (or until {@code maxSampled} frames were sampled) and hands every
     * {@code every}-th frame to the sink.
     *
     * @param every sample one frame in this many (1 = all)
     * @param maxSampled stop after this many sampled frames (0 = no limit)
     * @param sink receives the sampled frames
     * @return the number of sampled frames
     * @throws PlegdfException (BAD_VIDEO) when decoding fails
     */
    public long forEachSampled(int every, long maxSampled, FrameSink sink) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1: " + every);
        }
        long sampled = 0;
        while (maxSampled <= 0 || sampled < maxSampled) {
            boolean wanted = decoded % every == 0;
            Frame frame;
            try {
                // doProcessing=false skips the pixel-format conversion of frames that are not sampled.
                frame = grabber.grabFrame(false, true, wanted, false, false);
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new PlegdfException(ExitCodes.BAD_VIDEO, file + ": decoding failed after frame " + decoded + " (" + reason(e) + ")", e);
            }
            if (frame == null) {
                reachedEnd = true;
                break;
            }
            if (frame.image == null) {
                continue;
            }
            if (wanted) {
                Mat bgr = converter.convert(frame);
                sink.accept(decoded, frame.timestamp / 1e6, bgr);
                sampled++;
            }
            decoded++;
        }
        return sampled;
    }

    private static final java.util.regex.Pattern FFMPEG_ERROR = java.util.regex.Pattern.compile("error (-\\d+)");

    /** FFmpeg's own words for the error code when JavaCV gives one, else the message's first line. */
    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        java.util.regex.Matcher code = FFMPEG_ERROR.matcher(m);
        if (code.find()) {
            try (org.bytedeco.javacpp.BytePointer buf = new org.bytedeco.javacpp.BytePointer(256)) {
                if (avutil.av_strerror(Integer.parseInt(code.group(1)), buf, 256) == 0) {
                    String text = buf.getString();
                    int end = text.indexOf('\0');
                    return (end >= 0 ? text.substring(0, end) : text).trim();
                }
            }
        }
        return m.lines().findFirst().orElse(m).trim();
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.release();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // Already failing; the original error is the one to report.
        }
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }
}
