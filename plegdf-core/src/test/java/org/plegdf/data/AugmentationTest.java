package org.plegdf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 255 / (w - 1)) << 16) | ((y * 255 / (h - 1)) << 8) | 80);
            }
        }
        return img;
    }

    @Test
    void sameSeedSameImageOtherSeedOtherImage() {
        BufferedImage src = gradient(64, 64);
        Augmentation a = Augmentation.defaults();
        int[] one = ImageOps.rgbPixels(a.apply(src, 32, new Random(9)));
        int[] two = ImageOps.rgbPixels(a.apply(src, 32, new Random(9)));
        int[] other = ImageOps.rgbPixels(a.apply(src, 32, new Random(10)));
        assertThat(one).isEqualTo(two).hasSize(32 * 32);
        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void noneIsAPlainResize() {
        BufferedImage src = gradient(64, 48);
        assertThat(ImageOps.rgbPixels(Augmentation.none().apply(src, 32, new Random(1))))
                .isEqualTo(ImageOps.rgbPixels(ImageOps.resize(src, 32)));
    }

    @Test
    void flipMirrorsLeftRight() {
        BufferedImage src = gradient(32, 32);
        BufferedImage out = new Augmentation(1, 1, 1, 1, 1, 0, 0).apply(src, 32, new Random(1));
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertThat(out.getRGB(x, y)).isEqualTo(src.getRGB(31 - x, y));
            }
        }
    }

    @Test
    void cropKeepsAtLeastTheMinimumAreaAndStaysInside() {
        // a red frame around a white image: a crop that kept no border at all must be at least 0.8 of the area
        BufferedImage src = gradient(100, 100);
        Augmentation crop = new Augmentation(0, 0.8, 1.0, 3.0 / 4, 4.0 / 3, 0, 0);
        Random rng = new Random(3);
        for (int i = 0; i < 200; i++) {
            BufferedImage out = crop.apply(src, 100, rng);
            // red encodes x, green encodes y: the output's extent shows the crop's width and height
            int x0 = (out.getRGB(0, 50) >> 16) & 255;
            int x1 = (out.getRGB(99, 50) >> 16) & 255;
            int y0 = (out.getRGB(50, 0) >> 8) & 255;
            int y1 = (out.getRGB(50, 99) >> 8) & 255;
            double area = (x1 - x0 + 2.6) * (y1 - y0 + 2.6) / (255.0 * 255.0);
            assertThat(area).isBetween(0.78, 1.03);
            double aspect = (x1 - x0 + 2.6) / (y1 - y0 + 2.6);
            assertThat(aspect).isBetween(0.73, 1.36);
        }
    }

    @Test
    void jitterScalesAUniformImageWithinTheRange() {
        BufferedImage src = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        java.util.Arrays.fill(ImageOps.rgbPixels(src), 0x646464); // grey 100
        Augmentation a = new Augmentation(0, 1, 1, 1, 1, 0.2, 0.2);
        Random rng = new Random(4);
        int lo = 255;
        int hi = 0;
        for (int i = 0; i < 100; i++) {
            int[] px = ImageOps.rgbPixels(a.apply(src, 16, rng));
            int v = px[0] & 255;
            // contrast around the mean leaves a uniform image uniform; brightness scales it by [0.8, 1.2]
            assertThat(px).containsOnly(px[0]);
            assertThat(v).isBetween(80, 120);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertThat(hi - lo).isGreaterThan(25);
    }

    @Test
    void refusesOutOfRangeSettings() {
        assertThatThrownBy(() -> new Augmentation(1.5, 1, 1, 1, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmentation(0, 0.9, 0.8, 1, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmentation(0, 1, 1, 1, 1, 1.0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
