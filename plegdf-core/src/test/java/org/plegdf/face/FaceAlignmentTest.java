package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /**
     * Aligns every face of the landmark photos, turned by {@code turn} degrees (annotations turned
     * with them), and measures each detected annotated face.
     */
    static List<Error> alignAnnotated(double turn) throws Exception {
        return alignAnnotated(new FaceSettings(DetectorKind.HAAR, null, 224, FaceSettings.PHOTO_MIN_FACE, FaceSettings.NO_LANDMARKS, 0), turn);
    }

    /** The same with any detector (224 px crops). */
    static List<Error> alignAnnotated(FaceSettings settings, double turn) throws Exception {
        AlignmentTemplate t = AlignmentTemplate.of(224);
        List<Error> errors = new ArrayList<>();
        try (FacePipeline pipeline = new FacePipeline(settings)) {
            FaceFixtures.forEachTurned(pipeline, turn, photo -> {
                for (FaceFixtures.Face f : photo.photo().faces()) {
                    FaceBox moved = photo.box(f);
                    photo.faces().stream().filter(a -> a.box().iou(moved) >= 0.4)
                            .max(java.util.Comparator.comparingDouble(a -> a.box().iou(moved)))
                            .ifPresent(a -> errors.add(measure(a, f.eyes().map(photo.tilt()), t)));
                }
            });
        }
        return errors;
    }

    @Test
    void annotatedEyesLandOnTheTemplate() throws Exception {
        List<Error> errors = alignAnnotated(0);
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
        assertThat(detectedOk).isEqualTo(detected);
        // Symmetry levelling and the measured box geometry: 13 of 16 within both limits at 32-101 px
        // here (the misses: a box drawn low on a 32 px face, wide-set eyes, a 3.3 degree residual);
        // one face of slack for other CPUs' rounding in the cascade and the warps.
        assertThat((double) allOk / errors.size()).isGreaterThanOrEqualTo(0.75);
        assertThat(errors).allSatisfy(e -> {
            assertThat(Math.abs(e.angle())).isLessThan(4.0);
            assertThat(e.offset()).isLessThan(0.07);
        });
    }

    /**
     * The annotated photos turned by known angles (the annotations turned with them): heads tilted
     * 10-40 degrees, at the small sizes where eye detection fails, are levelled by their symmetry.
     */
    @Test
    void rotatedAnnotatedPhotosAreLevelled() throws Exception {
        List<Error> errors = new ArrayList<>();
        for (double turn : new double[] {-20, -10, 10, 20}) {
            errors.addAll(alignAnnotated(turn));
        }
        long level = errors.stream().filter(e -> Math.abs(e.angle()) <= MAX_ANGLE).count();
        long ok = errors.stream().filter(Error::ok).count();
        double meanAngle = errors.stream().mapToDouble(e -> Math.abs(e.angle())).average().orElse(0);
        System.out.printf(Locale.ROOT, "alignment, photos turned by +-10 and +-20 deg: %d faces; eye line within %.0f deg: %d; within all limits: %d; mean |eye line| %.1f deg%n",
                errors.size(), MAX_ANGLE, level, ok, meanAngle);
        assertThat(errors).hasSizeGreaterThanOrEqualTo(50);
        assertThat((double) level / errors.size()).isGreaterThanOrEqualTo(0.85);
        assertThat((double) ok / errors.size()).isGreaterThanOrEqualTo(0.7);
    }

    @Test
    void knownRollsOfALargeFaceAreLevelled() {
        // Tilt the large-face photo by known angles; the reference eyes are the hand-annotated ones, tilted with it.
        AlignmentTemplate t = AlignmentTemplate.of(224);
        try (FacePipeline pipeline = new FacePipeline(new FaceSettings(DetectorKind.HAAR, null, 224, FaceSettings.PHOTO_MIN_FACE, FaceSettings.NO_LANDMARKS, 0));
                Mat photo = imread(FaceFixtures.file("Tom_Cruise_avp_2014_4.jpg").toString())) {
            EyePair reference = FaceFixtures.TOM_CRUISE_EYES;
            for (double roll : new double[] {-24, -12, -6, 0, 6, 12, 24}) {
                Affine tilt = Affine.levelling(photo.cols() / 2.0, photo.rows() / 2.0, -roll, 1, photo.cols() / 2.0, photo.rows() / 2.0);
                try (Mat tilted = new Mat();
                        Mat m = tilt.toMat()) {
                    org.bytedeco.opencv.global.opencv_imgproc.warpAffine(photo, tilted, m, photo.size());
                    try (AlignedFace face = pipeline.align(tilted).orElseThrow()) {
                        Error e = measure(face, reference.map(tilt), t);
                        System.out.printf(Locale.ROOT, "alignment: tilt %+5.1f deg -> eyes %s, residual eye line %+5.1f deg, offset %.3f%n",
                                roll, e.source().label(), e.angle(), e.offset());
                        assertThat(e.ok()).as("tilt %.0f: %s", roll, e).isTrue();
                    }
                }
            }
        }
    }
}
