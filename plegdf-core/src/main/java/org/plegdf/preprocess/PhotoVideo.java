package org.plegdf.preprocess;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.plegdf.face.Affine;

/**
 * A real encoded 640x480 video made from a photo with JavaCV's recorder (H.264 in MP4): the photo
 * slowly zooms, drifts and tilts over a grey background. The transform of every frame is known, so
 * points of the photo can be followed into any frame. Used by the tests and the throughput
 * benchmark ({@code plegdf demo-video}).
 */
public final class PhotoVideo {
    /** Frame width. */
    public static final int WIDTH = 640;
    /** Frame height. */
    public static final int HEIGHT = 480;
    /** Frames per second. */
    public static final double FPS = 30;

    static {
        // The encoder's chatter is not what these tests are about.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private PhotoVideo() {}

    /**
     * @param photo the photo
     * @param out the .mp4 (or .mkv) to write
     * @param frames number of frames
     * @param startScale photo scale at the first frame
     * @param endScale at the last frame
     * @param driftPx horizontal drift over the video
     * @param rollDeg tilt reached at the last frame
     * @return the photo-to-frame transform of every frame
     * @throws Exception when the photo cannot be read or the video cannot be written
     */
    public static List<Affine> record(Path photo, Path out, int frames, double startScale, double endScale, double driftPx, double rollDeg)
            throws Exception {
        List<Affine> transforms = new ArrayList<>();
        try (Mat img = imread(photo.toString());
                FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), WIDTH, HEIGHT, 0);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            if (img.empty()) {
                throw new IllegalStateException("cannot read " + photo);
            }
            // H.264 in the container the file name asks for: .mkv (Matroska), else mp4.
            rec.setFormat(out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".mkv") ? "matroska" : "mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(FPS);
            rec.setVideoBitrate(2_000_000);
            rec.start();
            for (int i = 0; i < frames; i++) {
                double t = frames == 1 ? 0 : i / (double) (frames - 1);
                double scale = startScale + (endScale - startScale) * t;
                // Photo centre to the frame centre plus the drift; levelling by -roll tilts the photo by +roll.
                Affine a = Affine.levelling(img.cols() / 2.0, img.rows() / 2.0, -rollDeg * t, scale,
                        WIDTH / 2.0 - driftPx / 2 + driftPx * t, HEIGHT / 2.0);
                transforms.add(a);
                try (Mat frame = new Mat();
                        Mat m = a.toMat()) {
                    warpAffine(img, frame, m, new Size(WIDTH, HEIGHT), INTER_LINEAR, BORDER_CONSTANT, new Scalar(110, 110, 110, 0));
                    rec.record(conv.convert(frame));
                }
            }
            rec.stop();
        }
        return transforms;
    }
}
