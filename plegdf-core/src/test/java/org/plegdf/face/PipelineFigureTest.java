package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.plegdf.data.ImageFiles;

/**
 * The picture in docs/preprocess.md: a photo with its detector box and 68 landmarks, and the
 * aligned crop with the landmarks carried into it. Written to target/preprocess-landmarks.png;
 * the test checks that the crop's eyes sit on the template.
 */
class PipelineFigureTest {

    @Test
    void drawsAFrameWithItsLandmarksAndTheAlignedCrop() throws Exception {
        BufferedImage photo = ImageFiles.readRgb(FaceFixtures.file("Tom_Cruise_avp_2014_4.jpg"));
        try (FacePipeline pipeline = new FacePipeline(new FaceSettings(DetectorKind.BLAZEFACE, null, 224, FaceSettings.PHOTO_MIN_FACE));
                Mat bgr = FacePipeline.toMat(photo);
                AlignedFace face = pipeline.align(bgr).orElseThrow()) {
            assertThat(face.eyeSource()).isEqualTo(EyeSource.LANDMARKS_68);
            EyePair inCrop = face.landmarks().eyes().map(face.transform());
            assertThat(Math.abs(inCrop.angleDegrees())).isLessThan(0.01);
            double scale = 448.0 / photo.getHeight();
            int w = (int) Math.round(photo.getWidth() * scale);
            BufferedImage out = new BufferedImage(w + 16 + 448, 448, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, out.getWidth(), out.getHeight());
                g.drawImage(photo, 0, 0, w, 448, null);
                FaceBox b = face.box();
                g.setColor(new Color(255, 80, 80));
                g.setStroke(new BasicStroke(2));
                g.drawRect((int) (b.x() * scale), (int) (b.y() * scale), (int) (b.width() * scale), (int) (b.height() * scale));
                g.setColor(new Color(255, 240, 60));
                for (Point2 p : face.landmarks().points()) {
                    g.fillOval((int) Math.round(p.x() * scale) - 2, (int) Math.round(p.y() * scale) - 2, 4, 4);
                }
                BufferedImage crop = org.plegdf.predict.FaceOverlaysAccess.withLandmarks(face.toBufferedImage(), face.cropLandmarks(), 448);
                g.drawImage(crop, w + 16, 0, null);
            } finally {
                g.dispose();
            }
            Path file = Path.of("target", "preprocess-landmarks.png");
            Files.createDirectories(file.getParent());
            ImageIO.write(out, "png", file.toFile());
            assertThat(Files.size(file)).isGreaterThan(10_000);
        }
    }
}
