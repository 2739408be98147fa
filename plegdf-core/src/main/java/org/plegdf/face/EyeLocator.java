package org.plegdf.face;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Finds the two eye centres inside a face box with OpenCV's eye cascade. The face is first cut out
 * upright (levelled for the box's roll) and scaled to a fixed {@value #PATCH} px patch, so that the
 * eye search works the same for a 40 px face in a group photo and a 300 px face in an interview.
 * Only a pair that looks like two eyes (one per half, similar size, plausible spacing and tilt) is
 * accepted; otherwise the caller falls back on {@link FaceGeometry}. Not thread-safe.
 */
public final class EyeLocator implements AutoCloseable {
    /** Side of the upright face patch the eyes are searched in. */
    static final int PATCH = 120;

    private final CascadeClassifier eyes;

    /** Loads the eye cascade from the OpenCV jar. */
    public EyeLocator() {
        this.eyes = Cascades.load(Cascades.EYE);
    }

    /**
     * Finds the eyes in two passes: once in the patch levelled for the box's roll, then again in the
     * patch levelled for the roll of the first pair (the cascade is most precise on level eyes). A
     * pair is returned only when both passes agree, which rejects eyebrows, glasses frames and
     * nostrils taken for eyes.
     *
     * @param gray the 8-bit grey image the box refers to
     * @param box a face box
     * @return the eye centres in image pixels, or empty when no convincing pair was found
     */
    public Optional<EyePair> locate(Mat gray, FaceBox box) {
        Optional<EyePair> first = pairAt(gray, box, box.angle());
        if (first.isEmpty()) {
            return first;
        }
        double roll = first.get().angleDegrees();
        Optional<EyePair> second = pairAt(gray, box, roll);
        if (second.isEmpty()) {
            return second;
        }
        EyePair a = first.get();
        EyePair b = second.get();
        double tolerance = AGREEMENT * b.distance();
        boolean agree = Math.abs(a.angleDegrees() - b.angleDegrees()) <= MAX_ROLL_CHANGE
                && a.left().distance(b.left()) <= tolerance
                && a.right().distance(b.right()) <= tolerance;
        return agree ? second : Optional.empty();
    }


    /** Two passes may differ by this much (fraction of the eye spacing) and still agree. */
    private static final double AGREEMENT = 0.15;
    /** ... and by this many degrees of roll. */
    private static final double MAX_ROLL_CHANGE = 4;

    private Optional<EyePair> pairAt(Mat gray, FaceBox box, double roll) {
        Affine toPatch = Affine.levelling(box.centerX(), box.centerY(), roll, PATCH / box.size(), PATCH / 2.0, PATCH / 2.0);
        try (Mat patch = new Mat();
                Mat m = toPatch.toMat()) {
            warpAffine(gray, patch, m, new Size(PATCH, PATCH), INTER_LINEAR, BORDER_REPLICATE, new Scalar());
            equalizeHist(patch, patch);
            List<double[]> found = new ArrayList<>();
            int top = (int) (0.12 * PATCH);
            int bottom = (int) (0.62 * PATCH);
            try (Rect band = new Rect(0, top, PATCH, bottom - top);
                    Mat upper = new Mat(patch, band);
                    RectVector rects = new RectVector()) {
                int min = (int) (0.14 * PATCH);
                int max = (int) (0.42 * PATCH);
                eyes.detectMultiScale(upper, rects, 1.05, 3, 0, new Size(min, min), new Size(max, max));
                for (int i = 0; i < rects.size(); i++) {
                    Rect r = rects.get(i);
                    found.add(new double[] {r.x() + r.width() / 2.0, top + r.y() + r.height() / 2.0, r.width()});
                }
            }
            return bestPair(found).map(p -> p.map(toPatch.inverse()));
        }
    }

    /** The most eye-like pair of candidates in patch coordinates, image-left first. */
    static Optional<EyePair> bestPair(List<double[]> c) {
        double best = Double.POSITIVE_INFINITY;
        EyePair pair = null;
        for (double[] l : c) {
            for (double[] r : c) {
                if (l == r || l[0] >= PATCH / 2.0 || r[0] <= PATCH / 2.0) {
                    continue;
                }
                double dx = r[0] - l[0];
                double dy = r[1] - l[1];
                double sizeRatio = Math.max(l[2], r[2]) / Math.min(l[2], r[2]);
                if (dx < 0.25 * PATCH || dx > 0.65 * PATCH || Math.abs(dy) > 0.35 * dx || sizeRatio > 1.6) {
                    continue;
                }
                // Prefer pairs close to the typical geometry: symmetric about the centre, level, typical spacing.
                double cost = Math.abs((l[0] + r[0]) / 2 - PATCH / 2.0) / PATCH
                        + Math.abs(dx - FaceGeometry.EYE_SPACING * PATCH) / PATCH
                        + Math.abs(dy) / PATCH
                        + 0.1 * (sizeRatio - 1);
                if (cost < best) {
                    best = cost;
                    pair = new EyePair(new Point2(l[0], l[1]), new Point2(r[0], r[1]));
                }
            }
        }
        return Optional.ofNullable(pair);
    }

    @Override
    public void close() {
        eyes.close();
    }
}
