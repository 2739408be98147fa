package org.plegdf.face;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * OpenCV's Viola-Jones frontal-face cascade ({@value Cascades#FRONTAL_FACE}), with two things the
 * bare cascade lacks:
 *
 * <ul>
 *   <li><b>a working scale tied to the smallest face wanted</b>: the image is resized so that this
 *       face is {@value #WORKING_FACE} px, above the cascade's 20 px window where it is reliable.
 *       Small photos are upscaled, large video frames with large faces are downscaled (faster);
 *       nothing depends on a fixed pixel size;
 *   <li><b>tilted heads</b>: the cascade only finds faces within about ±15° of upright, so the
 *       image is also searched rotated by ±{@value #ROLL_STEP}° and the finds are mapped back,
 *       keeping the roll as a hint for eye search.
 * </ul>
 *
 * Not thread-safe: one instance per thread.
 */
public final class HaarFaceDetector implements FaceDetector {
    /** Side in working pixels that the smallest wanted face is scaled to. */
    static final double WORKING_FACE = 48;
    /** Roll of the extra searches, degrees. */
    static final double ROLL_STEP = 20;
    /** Upscaling beyond this adds cost, not information. */
    private static final double MAX_UPSCALE = 3;
    private static final double SCALE_FACTOR = 1.1;
    /** Neighbouring raw hits a face needs; 5 keeps textures (fur, foliage) out. */
    private static final int MIN_NEIGHBORS = 5;
    /** Two finds overlapping this much (IoU) are the same face. */
    private static final double SAME_FACE_IOU = 0.3;

    private final CascadeClassifier cascade;
    private final double minFaceFraction;

    /**
     * @param minFaceFraction smallest face side searched by {@link #detect(Mat)}, as a fraction of
     *     the image's shorter side (e.g. 0.07 for group photos, 0.15 for interview video)
     */
    public HaarFaceDetector(double minFaceFraction) {
        if (!(minFaceFraction > 0 && minFaceFraction <= 1)) {
            throw new IllegalArgumentException("minFaceFraction must be in (0, 1]: " + minFaceFraction);
        }
        this.minFaceFraction = minFaceFraction;
        this.cascade = Cascades.load(Cascades.FRONTAL_FACE);
    }

    @Override
    public String name() {
        return "haar";
    }

    @Override
    public double minFaceFraction() {
        return minFaceFraction;
    }

    @Override
    public List<FaceBox> detect(Mat bgr, Region region, double minFace, double maxFace, boolean allRolls) {
        if (region.isEmpty() || minFace > Math.min(region.width(), region.height())) {
            return List.of();
        }
        double scale = Math.min(MAX_UPSCALE, WORKING_FACE / minFace);
        int w = Math.max(1, (int) Math.round(region.width() * scale));
        int h = Math.max(1, (int) Math.round(region.height() * scale));
        List<FaceBox> found = new ArrayList<>();
        try (Mat view = region.view(bgr);
                Mat small = new Mat();
                Mat gray = new Mat()) {
            // Resize before the colour conversion: fewer pixels to convert when downscaling.
            resize(view, small, new Size(w, h), 0, 0, scale < 1 ? INTER_AREA : INTER_LINEAR);
            cvtColor(small, gray, COLOR_BGR2GRAY);
            equalizeHist(gray, gray);
            double[] rolls = allRolls ? new double[] {0, -ROLL_STEP, ROLL_STEP} : new double[] {0};
            double minWork = Math.max(20, minFace * scale);
            double maxWork = maxFace * scale;
            for (double roll : rolls) {
                search(gray, roll, minWork, maxWork, (cx, cy, side, score) -> found.add(new FaceBox(
                        region.x() + (cx - side / 2) / scale,
                        region.y() + (cy - side / 2) / scale,
                        side / scale, side / scale, roll, score, null)));
            }
        }
        return suppressDuplicates(found);
    }

    /** Receives one find in working coordinates. */
    @FunctionalInterface
    private interface Sink {
        void accept(double cx, double cy, double side, double score);
    }

    /** Runs the cascade on the image levelled for {@code roll} and reports finds in unrotated working coordinates. */
    private void search(Mat gray, double roll, double minWork, double maxWork, Sink sink) {
        Affine toSearch = Affine.IDENTITY;
        Mat image = gray;
        Mat rotated = null;
        if (roll != 0) {
            // Rotate onto a canvas large enough to hold the whole image, so corner faces survive.
            double t = Math.toRadians(Math.abs(roll));
            int cw = (int) Math.ceil(gray.cols() * Math.cos(t) + gray.rows() * Math.sin(t));
            int ch = (int) Math.ceil(gray.cols() * Math.sin(t) + gray.rows() * Math.cos(t));
            toSearch = Affine.levelling(gray.cols() / 2.0, gray.rows() / 2.0, roll, 1, cw / 2.0, ch / 2.0);
            rotated = new Mat();
            try (Mat m = toSearch.toMat()) {
                warpAffine(gray, rotated, m, new Size(cw, ch), INTER_LINEAR, BORDER_REPLICATE, new Scalar());
            }
            image = rotated;
        }
        Affine back = toSearch.inverse();
        try (RectVector rects = new RectVector();
                IntPointer neighbours = new IntPointer()) {
            int max = (int) Math.min(Math.min(image.cols(), image.rows()), Math.ceil(maxWork));
            int min = (int) Math.floor(minWork);
            if (max < min) {
                return;
            }
            cascade.detectMultiScale2(image, rects, neighbours, SCALE_FACTOR, MIN_NEIGHBORS, 0, new Size(min, min), new Size(max, max));
            for (int i = 0; i < rects.size(); i++) {
                Rect r = rects.get(i);
                double cx = r.x() + r.width() / 2.0;
                double cy = r.y() + r.height() / 2.0;
                sink.accept(back.x(cx, cy), back.y(cx, cy), r.width(), neighbours.get(i));
            }
        } finally {
            if (rotated != null) {
                rotated.close();
            }
        }
    }

    /**
     * Keeps the best-scored of overlapping finds (a slightly tilted face is found at two rolls), with
     * the roll interpolated between the searches that found it, weighted by their neighbour counts:
     * a face tilted 6° is found both upright and at 20°, and is neither.
     */
    static List<FaceBox> suppressDuplicates(List<FaceBox> found) {
        List<FaceBox> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingDouble(FaceBox::score).reversed().thenComparing(Comparator.comparingDouble(FaceBox::area).reversed()));
        List<FaceBox> kept = new ArrayList<>();
        for (FaceBox b : sorted) {
            if (kept.stream().noneMatch(k -> k.iou(b) > SAME_FACE_IOU)) {
                kept.add(b);
            }
        }
        List<FaceBox> out = new ArrayList<>(kept.size());
        for (FaceBox k : kept) {
            double weight = 0;
            double roll = 0;
            for (FaceBox b : found) {
                if (b.iou(k) > SAME_FACE_IOU) {
                    weight += b.score();
                    roll += b.score() * b.angle();
                }
            }
            out.add(weight > 0 ? k.with(roll / weight, k.eyes()) : k);
        }
        return out;
    }

    @Override
    public void close() {
        cascade.close();
    }
}
