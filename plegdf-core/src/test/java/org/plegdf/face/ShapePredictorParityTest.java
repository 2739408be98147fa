package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The port of dlib's shape predictor against dlib itself: the 68 points in
 * training_with_face_landmarks.xml are dlib's output on the file's boxes, rounded to whole pixels.
 * (dlib's own predictor, compiled from Debian's libdlib-dev, reproduces them at 0.108 px:
 * tools/dlib-reference.)
 */
class ShapePredictorParityTest {

    @Test
    void reproducesDlibsPointsOnTheAnnotatedBoxes() throws Exception {
        ShapePredictor sp = ShapePredictorFile.load(ShapePredictorFile.DEBIAN_PATH);
        assertThat(sp.parts()).isEqualTo(68);
        double rounded = 0;
        double exact = 0;
        int n = 0;
        int faces = 0;
        for (FaceFixtures.Photo photo : FaceFixtures.read("training_with_face_landmarks.xml")) {
            try (Mat bgr = imread(photo.file().toString())) {
                ShapePredictor.GrayPixels gray = ShapePredictor.GrayPixels.of(bgr);
                for (FaceFixtures.Face f : photo.faces()) {
                    // A dlib rectangle: right = left + width - 1, bottom = top + height - 1.
                    Point2[] p = sp.predict(gray, f.x(), f.y(), f.x() + f.width() - 1, f.y() + f.height() - 1);
                    for (int k = 0; k < 68; k++) {
                        Point2 whole = new Point2(Math.floor(p[k].x() + 0.5), Math.floor(p[k].y() + 0.5));
                        rounded += whole.distance(f.parts()[k]);
                        exact += p[k].distance(f.parts()[k]);
                        n++;
                    }
                    faces++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "shape predictor parity: %d faces, %d points, mean error %.3f px rounded as dlib rounds, %.3f px sub-pixel%n",
                faces, n, rounded / n, exact / n);
        assertThat(faces).isEqualTo(18);
        assertThat(rounded / n).isLessThanOrEqualTo(0.5);
    }
}
