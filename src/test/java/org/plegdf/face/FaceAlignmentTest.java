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
 * Alignment measured on annotated landmarks: the annotated eye centres (means of iBUG points
 * 36-41 and 42-47) are warped with the very transform the aligner used, and must be level and on
 * the template's eye positions.
 */
class FaceAlignmentTest {
    static final double MAX_ANGLE = 3;
    static final double MAX_OFFSET = 0.05;

    record Error(EyeSource source, double size, double angle, double offset) {
        boolean ok() {
            return Math.abs(angle) <= MAX_ANGLE && offset <= MAX_OFFSET;
        }
    }

    static Error measure(AlignedFace face, EyePair truth, AlignmentTemplate t) {
        EyePair warped = truth.map(face.transform());
        double offset = Math.max(warped.left().distance(t.leftTarget()), warped.right().distance(t.rightTarget())) / t.size();
        return new Error(face.eyeSource(), face.box().size(), warped.angleDegrees(), offset);
    }

    @Test
    void annotatedEyesLandOnTheTemplate() throws Exception {
        AlignmentTemplate t = AlignmentTemplate.of(224);
        List<Error> errors = new ArrayList<>();
        try (FacePipeline pipeline = new FacePipeline(new FaceSettings(DetectorKind.HAAR, null, 224, FaceSettings.PHOTO_MIN_FACE))) {
            for (FaceFixtures.Photo p : FaceFixtures.read("training_with_face_landmarks.xml")) {
                try (Mat img = imread(p.file().toString())) {
                    List<AlignedFace> faces = pipeline.alignAll(img);
                    for (FaceFixtures.Face f : p.faces()) {
                        Optional<AlignedFace> match = faces.stream().filter(a -> a.box().iou(f.box()) >= 0.4)
                                .max(java.util.Comparator.comparingDouble(a -> a.box().iou(f.box())));
                        match.ifPresent(a -> errors.add(measure(a, f.eyes(), t)));
                    }
                    faces.forEach(AlignedFace::close);
                }
            }
        }
        for (Error e : errors) {
            System.out.printf(Locale.ROOT, "alignment: face %3.0f px  eyes %-9s  eye line %+5.1f deg  eye offset %.3f  %s%n",
                    e.size(), e.source().label(), e.angle(), e.offset(), e.ok() ? "ok" : "OUT");
        }
        long detectedOk = errors.stream().filter(e -> e.source() == EyeSource.DETECTED && e.ok()).count();
        long detected = errors.stream().filter(e -> e.source() == EyeSource.DETECTED).count();
        long allOk = errors.stream().filter(Error::ok).count();
        double meanOffset = errors.stream().mapToDouble(Error::offset).average().orElse(0);
        System.out.printf(Locale.ROOT, "alignment: %d faces; eyes found in %d (%d within limits); all faces within limits %d; mean offset %.3f%n",
                errors.size(), detected, detectedOk, allOk, meanOffset);
        assertThat(errors).hasSizeGreaterThanOrEqualTo(15);
        // Where the eye cascade found the eyes, alignment meets the limits.
        assertThat(detected).isPositive();
        assertThat(detectedOk).isEqualTo(detected);
        // The box-geometry fallback keeps every eye near its target even on tilted 35 px faces.
        assertThat(errors).allSatisfy(e -> assertThat(e.offset()).isLessThan(0.09));
    }

    @Test
    void knownRollsOfALargeFaceAreLevelled() {
        // Tilt the large-face photo by known angles; the reference eyes are the aligner's own on the upright photo.
        AlignmentTemplate t = AlignmentTemplate.of(224);
        try (FacePipeline pipeline = new FacePipeline(new FaceSettings(DetectorKind.HAAR, null, 224, FaceSettings.PHOTO_MIN_FACE));
                Mat photo = imread(FaceFixtures.file("Tom_Cruise_avp_2014_4.jpg").toString())) {
            EyePair reference;
            try (AlignedFace upright = pipeline.align(photo).orElseThrow()) {
                reference = upright.eyes();
            }
            for (double roll : new double[] {-12, -6, 0, 6, 12}) {
                Affine tilt = Affine.levelling(photo.cols() / 2.0, photo.rows() / 2.0, -roll, 1, photo.cols() / 2.0, photo.rows() / 2.0);
                try (Mat tilted = new Mat();
                        Mat m = tilt.toMat()) {
                    org.bytedeco.opencv.global.opencv_imgproc.warpAffine(photo, tilted, m, photo.size());
                    try (AlignedFace face = pipeline.align(tilted).orElseThrow()) {
                        Error e = measure(face, reference.map(tilt), t);
                        System.out.printf(Locale.ROOT, "alignment: tilt %+5.1f deg -> eyes %s, residual eye line %+5.1f deg, offset %.3f%n",
                                roll, e.source().label(), e.angle(), e.offset());
                        assertThat(e.offset()).isLessThan(0.08);
                    }
                }
            }
        }
    }
}
