package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** BlazeFace on the fixture photos: which network finds which faces, false finds on dogs.jpg, the large face. */
class BlazeFaceDetectorTest {

    @Test
    void findsTheLargeFaceAndNothingOnDogs() {
        try (BlazeFaceDetector d = new BlazeFaceDetector(FaceSettings.PHOTO_MIN_FACE);
                Mat tom = imread(FaceFixtures.file("Tom_Cruise_avp_2014_4.jpg").toString());
                Mat dogs = imread(FaceFixtures.file("dogs.jpg").toString())) {
            List<FaceBox> faces = d.detect(tom);
            System.out.println("blazeface, Tom Cruise: " + faces);
            System.out.println("blazeface, dogs: " + d.detect(dogs));
            double shorter = Math.min(dogs.cols(), dogs.rows());
            System.out.println("blazeface front only, dogs: " + d.detect(dogs, Region.of(dogs), FaceSettings.PHOTO_MIN_FACE * shorter, shorter, false));
            assertThat(faces).hasSize(1);
            FaceBox f = faces.get(0);
            // Hand-annotated eyes (FaceFixtures.TOM_CRUISE_EYES) inside the box, key points near them.
            assertThat(f.eyes().left().distance(FaceFixtures.TOM_CRUISE_EYES.left())).isLessThan(25);
            assertThat(f.eyes().right().distance(FaceFixtures.TOM_CRUISE_EYES.right())).isLessThan(25);
            // MediaPipe's own score threshold (0.5) lets two dog faces through at 0.56 and 0.59 (docs/results.md).
            assertThat(d.detect(dogs)).hasSizeLessThanOrEqualTo(2).allSatisfy(b -> assertThat(b.score()).isLessThan(0.6));
        }
    }

    @Test
    void annotatedFacesFoundByEachNetwork() throws Exception {
        try (BlazeFaceDetector d = new BlazeFaceDetector(FaceSettings.PHOTO_MIN_FACE);
                HaarFaceDetector haar = new HaarFaceDetector(FaceSettings.PHOTO_MIN_FACE)) {
            int annotated = 0;
            int[] hits = new int[3];
            for (FaceFixtures.Photo p : FaceFixtures.read("training.xml")) {
                try (Mat img = imread(p.file().toString())) {
                    double shorter = Math.min(img.cols(), img.rows());
                    List<FaceBox> front = d.detect(img, Region.of(img), FaceSettings.PHOTO_MIN_FACE * shorter, shorter, false);
                    List<FaceBox> both = d.detect(img);
                    List<FaceBox> cascade = haar.detect(img);
                    for (FaceFixtures.Face f : p.faces()) {
                        annotated++;
                        int i = 0;
                        for (List<FaceBox> found : List.of(front, both, cascade)) {
                            if (found.stream().anyMatch(b -> b.iou(f.box()) >= 0.4)) {
                                hits[i]++;
                            }
                            i++;
                        }
                    }
                    both.forEach(b -> System.out.printf(Locale.ROOT, "  score %.2f size %.0f matched %s%n", b.score(), b.size(), p.faces().stream().anyMatch(f -> b.iou(f.box()) >= 0.4)));
                    System.out.printf(Locale.ROOT, "%s: %d annotated; front %d, front+back %d, haar %d found%n",
                            p.file().getFileName(), p.faces().size(), front.size(), both.size(), cascade.size());
                }
            }
            System.out.printf(Locale.ROOT, "annotated faces found at IoU >= 0.4 of %d: blazeface front %d, front+back %d, haar %d%n",
                    annotated, hits[0], hits[1], hits[2]);
            assertThat(annotated).isEqualTo(18);
            // The back-camera network is what finds the small faces of group photos.
            assertThat(hits[1]).isGreaterThan(hits[0]).isGreaterThanOrEqualTo(15);
        }
    }
}
