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

    @Test
    void recallOnAnnotatedPhotos() throws Exception {
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
        System.out.printf("detection: recall %d/%d = %.2f at IoU >= 0.4; %d finds match no annotation%n", hits, total, hits / (double) total, unmatched);
        assertThat(total).isEqualTo(18);
        assertThat(hits / (double) total).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void noFaceAmongDogs() {
        try (Mat img = imread(FaceFixtures.file("dogs.jpg").toString())) {
            List<FaceBox> found = detector.detect(img);
            System.out.println("detection: dogs.jpg false detections " + found.size());
            assertThat(found.size()).isLessThanOrEqualTo(1);
        }
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
