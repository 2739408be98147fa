package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Goals of issue 19 for plegdf's default front end on the annotated photos: recall >= 0.8, NME <= 0.08, every face's eye line within 3 degrees. */
class LandmarkMeasurementTest {
    private static final FaceSettings HAAR = new FaceSettings(DetectorKind.HAAR, null, 224, FaceSettings.PHOTO_MIN_FACE);

    private static final FaceSettings BLAZEFACE = new FaceSettings(DetectorKind.BLAZEFACE, null, 224, FaceSettings.PHOTO_MIN_FACE);

    @Test
    void blazefaceWithLandmarks() throws Exception {
        LandmarkMeasurement.Outcome o = LandmarkMeasurement.measure(BLAZEFACE, 0);
        System.out.println(o.line("blazeface + landmarks, upright"));
        for (LandmarkMeasurement.Match m : o.matches()) {
            System.out.printf(java.util.Locale.ROOT, "  face %3.0f px nme %.3f eye line %+.1f%n", m.size(), m.nme(), m.eyeLine());
        }
        for (double turn : new double[] {-20, -10, 10, 20}) {
            System.out.println(LandmarkMeasurement.measure(BLAZEFACE, turn).line("blazeface + landmarks, turned " + turn));
        }
        assertThat(o.recall()).isGreaterThanOrEqualTo(0.8);
        assertThat(o.meanNme()).isLessThanOrEqualTo(0.08);
    }

    @Test
    void haarWithLandmarks() throws Exception {
        LandmarkMeasurement.Outcome o = LandmarkMeasurement.measure(HAAR, 0);
        System.out.println(o.line("haar + landmarks, upright"));
        for (LandmarkMeasurement.Match m : o.matches()) {
            System.out.printf(java.util.Locale.ROOT, "  face %3.0f px nme %.3f eye line %+.1f%n", m.size(), m.nme(), m.eyeLine());
        }
        for (double turn : new double[] {-20, -10, 10, 20}) {
            System.out.println(LandmarkMeasurement.measure(HAAR, turn).line("haar + landmarks, turned " + turn));
        }
        assertThat(o.recall()).isGreaterThanOrEqualTo(0.8);
        assertThat(o.meanNme()).isLessThanOrEqualTo(0.08);
    }
}
