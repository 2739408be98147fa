package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * Where the annotated eyes sit in the frontal-face cascade's own boxes: the measurement behind
 * {@link FaceGeometry}'s constants. The geometry is a property of the cascade (how its training
 * boxes were drawn), so a change of cascade or of the detector's box merging shows up here.
 */
class FaceGeometryCalibrationTest {

    @Test
    void fallbackGeometryMatchesTheCascadeBoxes() throws Exception {
        List<double[]> rows = new ArrayList<>();
        try (HaarFaceDetector detector = new HaarFaceDetector(FaceSettings.PHOTO_MIN_FACE)) {
            for (FaceFixtures.Photo p : FaceFixtures.read("training_with_face_landmarks.xml")) {
                try (Mat img = imread(p.file().toString())) {
                    List<FaceBox> boxes = detector.detect(img);
                    for (FaceFixtures.Face f : p.faces()) {
                        Optional<FaceBox> match = boxes.stream().filter(b -> b.iou(f.box()) >= 0.4).findFirst();
                        if (match.isEmpty()) {
                            continue;
                        }
                        FaceBox b = match.get();
                        EyePair eyes = f.eyes();
                        // The eyes in the box frame levelled for their own roll: origin at the box centre, unit = box side.
                        EyePair level = eyes.map(Affine.levelling(b.centerX(), b.centerY(), eyes.angleDegrees(), 1 / b.size(), 0, 0));
                        rows.add(new double[] {level.distance(), level.midpoint().y() + 0.5, level.midpoint().x()});
                    }
                }
            }
        }
        double[] mean = new double[3];
        double[] sd = new double[3];
        for (int k = 0; k < 3; k++) {
            final int c = k;
            mean[k] = rows.stream().mapToDouble(r -> r[c]).average().orElseThrow();
            sd[k] = Math.sqrt(rows.stream().mapToDouble(r -> (r[c] - mean[c]) * (r[c] - mean[c])).sum() / (rows.size() - 1));
        }
        System.out.printf(Locale.ROOT, "geometry over %d detected faces: spacing %.3f (sd %.3f), eye line %.3f (sd %.3f), midpoint x %+.3f (sd %.3f); constants %.3f, %.3f%n",
                rows.size(), mean[0], sd[0], mean[1], sd[1], mean[2], sd[2], FaceGeometry.EYE_SPACING, FaceGeometry.EYE_LINE);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(15);
        // The constants lie within two standard errors of the measured means; the box is centred on the eyes.
        double n = Math.sqrt(rows.size());
        assertThat(FaceGeometry.EYE_SPACING).isCloseTo(mean[0], org.assertj.core.data.Offset.offset(2 * sd[0] / n));
        assertThat(FaceGeometry.EYE_LINE).isCloseTo(mean[1], org.assertj.core.data.Offset.offset(2 * sd[1] / n));
        assertThat(Math.abs(mean[2])).isLessThan(2 * sd[2] / n + 0.01);
    }
}
