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

    /** The large face (the photo has hand-annotated eyes, no landmark file) and the dogs, through the whole front end. */
    @Test
    void largeFaceAndDogs() throws Exception {
        AlignmentTemplate t = AlignmentTemplate.of(224);
        for (FaceSettings s : new FaceSettings[] {BLAZEFACE, HAAR}) {
            try (FacePipeline p = new FacePipeline(s);
                    org.bytedeco.opencv.opencv_core.Mat tom = org.bytedeco.opencv.global.opencv_imgcodecs.imread(FaceFixtures.file("Tom_Cruise_avp_2014_4.jpg").toString());
                    org.bytedeco.opencv.opencv_core.Mat dogs = org.bytedeco.opencv.global.opencv_imgcodecs.imread(FaceFixtures.file("dogs.jpg").toString())) {
                java.util.List<AlignedFace> found = p.alignAll(tom);
                AlignedFace f = found.get(0);
                EyePair eyes = FaceFixtures.TOM_CRUISE_EYES.map(f.transform());
                double offset = Math.max(eyes.left().distance(t.leftTarget()), eyes.right().distance(t.rightTarget())) / t.size();
                java.util.List<AlignedFace> onDogs = p.alignAll(dogs);
                System.out.printf(java.util.Locale.ROOT, "%s + landmarks: Tom Cruise %d face(s), eye line in the crop %+.2f deg, eye offset %.3f of the crop, yaw %+.1f pitch %+.1f roll %+.1f; dogs.jpg %d false detection(s)%n",
                        s.detector().name().toLowerCase(java.util.Locale.ROOT), found.size(), eyes.angleDegrees(), offset,
                        f.landmarks().pose().yaw(), f.landmarks().pose().pitch(), f.landmarks().pose().roll(), onDogs.size());
                assertThat(found).hasSize(1);
                assertThat(Math.abs(eyes.angleDegrees())).isLessThan(3);
                assertThat(offset).isLessThan(0.05);
                found.forEach(AlignedFace::close);
                onDogs.forEach(AlignedFace::close);
            }
        }
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
