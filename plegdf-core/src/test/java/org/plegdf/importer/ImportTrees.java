package org.plegdf.importer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Builds miniature source trees: real small encoded videos, frame folders, label files. */
public final class ImportTrees {
    private static byte[] mp4;

    private ImportTrees() {}

    /**
     * Writes a real 64x64 H.264 MP4 of 3 frames (encoded once, then copied: import only needs the file).
     *
     * @param file where to write it
     * @return the file
     * @throws IOException when it cannot be written
     */
    public static Path video(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, mp4());
        return file;
    }

    private static synchronized byte[] mp4() throws IOException {
        if (mp4 == null) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            Path tmp = Files.createTempFile("plegdf-import", ".mp4");
            try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), 64, 64, 0)) {
                rec.setFormat("mp4");
                rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                rec.setFrameRate(30);
                rec.start();
                for (int i = 0; i < 3; i++) {
                    Frame f = new Frame(64, 64, Frame.DEPTH_UBYTE, 3);
                    ByteBuffer b = (ByteBuffer) f.image[0];
                    for (int p = 0; p < b.capacity(); p++) {
                        b.put(p, (byte) (p * 7 + i * 40));
                    }
                    rec.record(f);
                }
                rec.stop();
            }
            mp4 = Files.readAllBytes(tmp);
            Files.delete(tmp);
        }
        return mp4;
    }

    /** Writes {@code n} 8x8 frames named as OpenFace names them (frame_det_00_000001.bmp ...). */
    static Path openFaceFrames(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        for (int i = 1; i <= n; i++) {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "bmp",
                    dir.resolve(String.format("frame_det_00_%06d.bmp", i)).toFile());
        }
        return dir;
    }

    /** Writes {@code n} 8x8 PNG frames 000001.png ... */
    static Path pngFrames(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        for (int i = 1; i <= n; i++) {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", dir.resolve(String.format("%06d.png", i)).toFile());
        }
        return dir;
    }

    /** Writes a text file (UTF-8, exactly the given characters). */
    static Path text(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
