package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.Locale;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

class FaceSymmetryTest {
    private final FaceSymmetry symmetry = new FaceSymmetry();

    /** A plain drawn face (oval, brows, eyes, nose, mouth) lit from the left, with sensor noise. */
    private static Mat drawnFace(int side, long seed) {
        Mat img = new Mat(side, side, CV_8UC1);
        java.nio.ByteBuffer b = img.createBuffer();
        Random rng = new Random(seed);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                b.put(y * side + x, (byte) Math.max(0, Math.min(255, 90 + 40.0 * x / side + rng.nextGaussian() * 4)));
            }
        }
        int c = side / 2;
        int u = side / 10;
        ellipse(img, new Point(c, c + u / 2), new Size(3 * u, 4 * u), 0, 0, 360, new Scalar(190), FILLED, 16, 0);
        for (int s : new int[] {-1, 1}) {
            line(img, new Point(c + s * u / 2, c - 2 * u), new Point(c + s * 2 * u, c - 2 * u - u / 4), new Scalar(70), Math.max(1, u / 3), 16, 0);
            ellipse(img, new Point(c + s * 5 * u / 4, c - u), new Size(u / 2 + 1, u / 4 + 1), 0, 0, 360, new Scalar(40), FILLED, 16, 0);
        }
        line(img, new Point(c, c - u / 2), new Point(c, c + u), new Scalar(150), Math.max(1, u / 4), 16, 0);
        ellipse(img, new Point(c, c + 2 * u), new Size(u, u / 3 + 1), 0, 0, 360, new Scalar(80), FILLED, 16, 0);
        return img;
    }

    private static Mat turned(Mat img, double roll) {
        Mat out = new Mat();
        Affine t = Affine.levelling(img.cols() / 2.0, img.rows() / 2.0, -roll, 1, img.cols() / 2.0, img.rows() / 2.0);
        try (Mat m = t.toMat()) {
            warpAffine(img, out, m, img.size());
        }
        return out;
    }

    @Test
    void drawnFacesAreLevelledAtKnownRollsAndSizes() {
        for (int side : new int[] {60, 200, 600}) {
            for (double roll : new double[] {-26.3, -12, -4.4, 0, 2.8, 9.1, 21.6}) {
                try (Mat face = drawnFace(side, side + (long) roll);
                        Mat tilted = turned(face, roll)) {
                    // The box a cascade would give: around the face, at the nearest roll it searched.
                    double prior = Math.round(roll / HaarFaceDetector.ROLL_STEP) * HaarFaceDetector.ROLL_STEP;
                    double s = 0.8 * side;
                    FaceBox box = new FaceBox(side / 2.0 - s / 2 + 0.03 * side, side / 2.0 - s / 2, s, s, prior, 1, null);
                    FaceSymmetry.Estimate e = symmetry.estimate(tilted, box);
                    System.out.printf(Locale.ROOT, "symmetry: %3d px, roll %+5.1f -> %+5.1f (score %.2f)%n", side, roll, e.roll(), e.score());
                    assertThat(e.reliable()).isTrue();
                    assertThat(e.roll()).as("%d px at %.0f deg", side, roll).isCloseTo(roll, within(1.0));
                }
            }
        }
    }

    @Test
    void realPhotoRollMatchesTheAnnotatedEyes() {
        double truth = FaceFixtures.TOM_CRUISE_EYES.angleDegrees();
        try (HaarFaceDetector detector = new HaarFaceDetector(FaceSettings.PHOTO_MIN_FACE);
                Mat photo = imread(FaceFixtures.file("Tom_Cruise_avp_2014_4.jpg").toString())) {
            for (double turn : new double[] {-18, 0, 18}) {
                try (Mat tilted = turned(photo, turn);
                        Mat gray = new Mat()) {
                    cvtColor(tilted, gray, COLOR_BGR2GRAY);
                    FaceBox box = detector.detect(tilted).stream().max(java.util.Comparator.comparingDouble(FaceBox::area)).orElseThrow();
                    FaceSymmetry.Estimate e = symmetry.estimate(gray, box);
                    System.out.printf(Locale.ROOT, "symmetry: photo turned %+5.1f, eyes at %+5.1f, detector %+5.1f -> %+5.1f%n", turn, truth + turn, box.angle(), e.roll());
                    assertThat(e.roll()).isCloseTo(truth + turn, within(2.0));
                }
            }
        }
    }

    @Test
    void aFlatPatchKeepsTheDetectorsRoll() {
        try (Mat flat = new Mat(100, 100, CV_8UC1, new Scalar(128))) {
            FaceSymmetry.Estimate e = symmetry.estimate(flat, new FaceBox(20, 20, 60, 60, 20, 1, null));
            assertThat(e.reliable()).isFalse();
            assertThat(e.roll()).isEqualTo(20);
        }
    }
}
