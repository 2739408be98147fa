package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Detection measured on real photos (docs/results.md, "Face detection and alignment"). */
class FaceDetectionTest {
    static HaarFaceDetector detector;

    @BeforeAll
    static void open() {
        FaceFixtures.dir();
        detector = new HaarFaceDetector(FaceSettings.PHOTO_MIN_FACE);
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    /**
     * Matches a detector's finds to the annotated faces of training.xml (each find used once).
     *
     * @return {hits, annotated faces, finds matching no annotation}
     */
    static int[] recall(FaceDetector detector) throws Exception {
        int hits = 0;
        int total = 0;
        int unmatched = 0;
        for (FaceFixtures.Photo p : FaceFixtures.read("training.xml")) {
            try (Mat img = imread(p.file().toString())) {
                List<FaceBox> found = detector.detect(img);
                boolean[] used = new boolean[found.size()];
                for (FaceFixtures.Face f : p.faces()) {
                    total++;
                    int best = -1;
                    for (int i = 0; i < found.size(); i++) {
                        if (!used[i] && found.get(i).iou(f.box()) >= 0.4 && (best < 0 || found.get(i).iou(f.box()) > found.get(best).iou(f.box()))) {
                            best = i;
                        }
                    }
                    if (best >= 0) {
                        used[best] = true;
                        hits++;
                    }
                }
                for (boolean u : used) {
                    unmatched += u ? 0 : 1;
                }
            }
        }
        return new int[] {hits, total, unmatched};
    }

    /** @return how many faces the detector finds in dogs.jpg */
    static int dogFinds(FaceDetector detector) {
        try (Mat img = imread(FaceFixtures.file("dogs.jpg").toString())) {
            return detector.detect(img).size();
        }
    }

    @Test
    void recallOnAnnotatedPhotos() throws Exception {
        int[] r = recall(detector);
        System.out.printf("detection: recall %d/%d = %.2f at IoU >= 0.4; %d finds match no annotation%n", r[0], r[1], r[0] / (double) r[1], r[2]);
        assertThat(r[1]).isEqualTo(18);
        assertThat(r[0] / (double) r[1]).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void noFaceAmongDogs() {
        int finds = dogFinds(detector);
        System.out.println("detection: dogs.jpg false detections " + finds);
        assertThat(finds).isLessThanOrEqualTo(1);
    }

    @Test
    void largeFaceIsFoundOnce() {
        try (Mat img = imread(FaceFixtures.file("Tom_Cruise_avp_2014_4.jpg").toString())) {
            List<FaceBox> found = detector.detect(img);
            assertThat(found).hasSize(1);
            assertThat(found.get(0).size()).isGreaterThan(300);
        }
    }

    @Test
    void videoSettingsFindTheLargeFaceInA640x480Frame() {
        // The interview setting: 15% minimum face, frame downscaled for speed.
        try (Mat img = imread(FaceFixtures.file("Tom_Cruise_avp_2014_4.jpg").toString());
                Mat frame = new Mat();
                HaarFaceDetector video = new HaarFaceDetector(FaceSettings.VIDEO_MIN_FACE)) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(img, frame, new org.bytedeco.opencv.opencv_core.Size(339, 480));
            List<FaceBox> found = video.detect(frame);
            assertThat(found).hasSize(1);
            assertThat(found.get(0).size()).isBetween(220.0, 320.0);
        }
    }
}
