package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The detection and alignment measurements of {@link FaceDetectionTest} and
 * {@link FaceAlignmentTest}, repeated with YuNet. plegdf ships no YuNet model, so this runs only
 * when {@code PLEGDF_YUNET_MODEL} names one (docs/results.md gives the figures and the file used);
 * without it the test is skipped, and YuNet's error paths are covered by {@link YuNetFaceDetectorTest}.
 */
class YuNetMeasurementTest {
    private static Path model() {
        String m = System.getenv("PLEGDF_YUNET_MODEL");
        assumeThat(m).as("PLEGDF_YUNET_MODEL (a YuNet .onnx file)").isNotBlank();
        assertThat(Path.of(m)).as("PLEGDF_YUNET_MODEL").isRegularFile();
        return Path.of(m);
    }

    @Test
    void detectionAndAlignmentOnTheAnnotatedPhotos() throws Exception {
        Path model = model();
        FaceSettings settings = new FaceSettings(DetectorKind.YUNET, model, 224, FaceSettings.PHOTO_MIN_FACE);
        int[] r;
        int dogs;
        try (FaceDetector d = settings.newDetector()) {
            r = FaceDetectionTest.recall(d);
            dogs = FaceDetectionTest.dogFinds(d);
        }
        System.out.printf(Locale.ROOT, "yunet %s: recall %d/%d at IoU >= 0.4, %d finds match no annotation, %d on dogs.jpg%n",
                model.getFileName(), r[0], r[1], r[2], dogs);
        List<FaceAlignmentTest.Error> level = FaceAlignmentTest.alignAnnotated(settings, 0);
        List<FaceAlignmentTest.Error> turned = new ArrayList<>();
        for (double turn : new double[] {-20, -10, 10, 20}) {
            turned.addAll(FaceAlignmentTest.alignAnnotated(settings, turn));
        }
        for (FaceAlignmentTest.Error e : level) {
            System.out.printf(Locale.ROOT, "yunet alignment: face %3.0f px  eyes %-9s  eye line %+5.1f deg  eye offset %.3f  %s%n",
                    e.size(), e.source().label(), e.angle(), e.offset(), e.ok() ? "ok" : "OUT");
        }
        System.out.printf(Locale.ROOT, "yunet alignment: %d of %d detected faces within limits; turned photos %d of %d%n",
                level.stream().filter(FaceAlignmentTest.Error::ok).count(), level.size(),
                turned.stream().filter(FaceAlignmentTest.Error::ok).count(), turned.size());
        // The large face, turned by known angles, against its hand-annotated eyes.
        AlignmentTemplate t = AlignmentTemplate.of(224);
        double worstAngle = 0;
        double worstOffset = 0;
        try (FacePipeline pipeline = new FacePipeline(settings);
                org.bytedeco.opencv.opencv_core.Mat photo = org.bytedeco.opencv.global.opencv_imgcodecs.imread(FaceFixtures.file("Tom_Cruise_avp_2014_4.jpg").toString())) {
            for (double roll : new double[] {-24, -12, 0, 12, 24}) {
                Affine tilt = Affine.levelling(photo.cols() / 2.0, photo.rows() / 2.0, -roll, 1, photo.cols() / 2.0, photo.rows() / 2.0);
                try (org.bytedeco.opencv.opencv_core.Mat tilted = new org.bytedeco.opencv.opencv_core.Mat();
                        org.bytedeco.opencv.opencv_core.Mat m = tilt.toMat()) {
                    org.bytedeco.opencv.global.opencv_imgproc.warpAffine(photo, tilted, m, photo.size());
                    try (AlignedFace face = pipeline.align(tilted).orElseThrow()) {
                        FaceAlignmentTest.Error e = FaceAlignmentTest.measure(face, FaceFixtures.TOM_CRUISE_EYES.map(tilt), t);
                        worstAngle = Math.max(worstAngle, Math.abs(e.angle()));
                        worstOffset = Math.max(worstOffset, e.offset());
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "yunet alignment: large face turned -24..+24 deg: worst eye line %.1f deg, worst offset %.3f%n", worstAngle, worstOffset);
        assertThat(r[0]).isPositive();
        assertThat(level).isNotEmpty().allSatisfy(e -> assertThat(e.source()).isEqualTo(EyeSource.LANDMARKS));
    }
}
