package org.plegdf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

class FrameLoaderTest {
    @TempDir Path dir;

    private Path write(BufferedImage img, String name, String format) throws IOException {
        Path p = dir.resolve(name);
        assertThat(ImageIO.write(img, format, p.toFile())).isTrue();
        return p;
    }

    @Test
    void writesChwPlanesInUnitRange() throws IOException {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(1, 0, 0x00FF00);
        img.setRGB(0, 1, 0x0000FF);
        img.setRGB(1, 1, 0x336699);
        float[] t = FrameLoader.unnormalised(2).load(write(img, "a.png", "png"));
        // R plane, then G, then B; pixels row by row
        assertThat(t).containsExactly(new float[] {
            1, 0, 0, 0x33 / 255f,
            0, 1, 0, 0x66 / 255f,
            0, 0, 1, 0x99 / 255f}, within(1e-6f));
    }

    @Test
    void normalisesWithMeanAndStd() throws IOException {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x80FF00);
        FrameLoader l = new FrameLoader(1, new float[] {0.5f, 0.25f, 0.1f}, new float[] {0.5f, 0.25f, 0.2f});
        float[] t = l.load(write(img, "n.png", "png"));
        assertThat(t[0]).isCloseTo((128 / 255f - 0.5f) / 0.5f, within(1e-6f));
        assertThat(t[1]).isCloseTo((1f - 0.25f) / 0.25f, within(1e-6f));
        assertThat(t[2]).isCloseTo((0f - 0.1f) / 0.2f, within(1e-6f));
    }

    @Test
    void convertsGreyAndOddSizedImagesInsteadOfRefusingThem() throws IOException {
        BufferedImage grey = new BufferedImage(37, 23, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(100, 100, 100));
        g.fillRect(0, 0, 37, 23);
        g.dispose();
        float[] t = FrameLoader.unnormalised(16).load(write(grey, "g.png", "png"));
        assertThat(t).hasSize(3 * 16 * 16);
        float v = t[0];
        assertThat(v * 255).isCloseTo(grey.getRaster().getSample(0, 0, 0), within(0.51f));
        for (float x : t) {
            assertThat(x).isEqualTo(v);
        }
    }

    @Test
    void shrinksALargeImageWithoutAliasing() throws IOException {
        // a one-pixel checkerboard averages to mid grey; naive bilinear sampling would not
        BufferedImage img = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 400; x++) {
                img.setRGB(x, y, ((x + y) & 1) == 0 ? 0xFFFFFF : 0);
            }
        }
        float[] t = FrameLoader.unnormalised(50).load(write(img, "c.png", "png"));
        for (float x : t) {
            assertThat(x).isCloseTo(0.5f, within(0.01f));
        }
    }

    @Test
    void loadsIntoASlotOfABatch() throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        Path p = write(img, "w.jpg", "jpg");
        FrameLoader l = FrameLoader.unnormalised(8);
        float[] batch = new float[3 * l.frameLength()];
        l.loadInto(p, null, null, batch, 1);
        assertThat(Arrays.copyOfRange(batch, 0, l.frameLength())).containsOnly(0f);
        for (int i = l.frameLength(); i < 2 * l.frameLength(); i++) {
            assertThat(batch[i]).isGreaterThan(0.98f);
        }
        assertThat(Arrays.copyOfRange(batch, 2 * l.frameLength(), 3 * l.frameLength())).containsOnly(0f);
    }

    private static BufferedImage noise(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(5);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        return img;
    }

    @Test
    void refusesTruncatedPngAndJpegNamingTheFile() throws IOException {
        for (String format : new String[] {"png", "jpg"}) {
            Path p = write(noise(64, 64), "t." + format, format);
            byte[] all = Files.readAllBytes(p);
            Files.write(p, Arrays.copyOf(all, all.length / 2));
            assertThatThrownBy(() -> FrameLoader.unnormalised(32).load(p))
                    .isInstanceOfSatisfying(PlegdfException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_IMAGE);
                        assertThat(e.getMessage()).startsWith(p.toString() + ": ").doesNotContain("\n");
                    });
        }
    }

    @Test
    void refusesMissingAndNonImageFiles() throws IOException {
        Path text = dir.resolve("x.png");
        Files.writeString(text, "not an image");
        assertThatThrownBy(() -> FrameLoader.unnormalised(8).load(text))
                .isInstanceOf(PlegdfException.class).hasMessage(text + ": not a readable image (png, jpg, bmp)");
        Path missing = dir.resolve("missing.png");
        assertThatThrownBy(() -> FrameLoader.unnormalised(8).load(missing))
                .isInstanceOf(PlegdfException.class).hasMessage(missing + ": file not found");
    }
}
