package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The Java-image entry point the predict command uses. */
class FacePipelineImageTest {
    @Test
    void bufferedImageInAlignedBufferedImageOut() throws Exception {
        BufferedImage photo = ImageIO.read(FaceFixtures.file("Tom_Cruise_avp_2014_4.jpg").toFile());
        try (FacePipeline p = new FacePipeline(new FaceSettings(DetectorKind.HAAR, null, 128, FaceSettings.PHOTO_MIN_FACE))) {
            Optional<AlignedFace> face = p.align(photo);
            assertThat(face).isPresent();
            try (AlignedFace f = face.get()) {
                BufferedImage crop = f.toBufferedImage();
                assertThat(crop.getWidth()).isEqualTo(128);
                assertThat(crop.getHeight()).isEqualTo(128);
                // The crop's centre maps back inside the detected face box.
                Point2 centre = f.transform().inverse().apply(new Point2(64, 64));
                assertThat(centre.x()).isBetween(f.box().x(), f.box().x() + f.box().width());
                assertThat(centre.y()).isBetween(f.box().y(), f.box().y() + f.box().height());
                // Same pixels as the Mat (BGR byte order kept).
                int rgb = crop.getRGB(64, 64);
                org.bytedeco.javacpp.indexer.UByteIndexer ix = f.crop().createIndexer();
                assertThat((rgb >> 16) & 0xff).isEqualTo(ix.get(64, 64, 2));
                assertThat(rgb & 0xff).isEqualTo(ix.get(64, 64, 0));
                ix.release();
            }
            // No face: empty, not a garbage crop.
            assertThat(p.align(ImageIO.read(FaceFixtures.file("dogs.jpg").toFile()))).isEmpty();
        }
    }
}
