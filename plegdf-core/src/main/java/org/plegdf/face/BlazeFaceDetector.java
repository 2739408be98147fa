package org.plegdf.face;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * MediaPipe's BlazeFace CNN ({@link BlazeFaceModel}, shipped in the jar): the image (or the region
 * searched) is letterboxed to a square, as MediaPipe's {@code ImageToTensorCalculator} does with
 * {@code keep_aspect_ratio}, scaled to the network's input and run; overlapping anchors are merged
 * by MediaPipe's weighted non-maximum suppression ({@link #weightedNms}). Whole-image searches
 * run both networks, the front-camera one (128 px input, faces that fill much of the frame) and
 * the back-camera one (256 px, smaller faces), and merge their finds; the tracker's search around
 * a known face, which fills its region, runs the front one only. Each face carries its eye key
 * points, and its roll is theirs. Not thread-safe: one per thread.
 */
public final class BlazeFaceDetector implements FaceDetector {
    /** MediaPipe's {@code min_score_thresh} (and {@code min_detection_confidence}) default. */
    static final float MIN_SCORE = 0.5f;
    /** MediaPipe's {@code min_suppression_threshold} for face detection. */
    static final double NMS_IOU = 0.3;

    private final BlazeFaceModel front;
    private final BlazeFaceModel back;
    private final double minFaceFraction;

    /** @param minFaceFraction smallest face side kept, fraction of the image's shorter side */
    public BlazeFaceDetector(double minFaceFraction) {
        this.minFaceFraction = minFaceFraction;
        this.front = new BlazeFaceModel(BlazeFaceModel.Kind.FRONT);
        BlazeFaceModel b = null;
        try {
            b = new BlazeFaceModel(BlazeFaceModel.Kind.BACK);
        } finally {
            if (b == null) {
                front.close();
            }
        }
        this.back = b;
    }

    @Override
    public String name() {
        return "blazeface";
    }

    @Override
    public double minFaceFraction() {
        return minFaceFraction;
    }

    @Override
    public List<FaceBox> detect(Mat bgr, Region region, double minFace, double maxFace, boolean allRolls) {
        if (region.isEmpty()) {
            return List.of();
        }
        List<BlazeFaceModel.Raw> raw = new ArrayList<>();
        int side = Math.max(region.width(), region.height());
        try (Mat view = region.view(bgr);
                Mat square = new Mat()) {
            int padX = (side - region.width()) / 2;
            int padY = (side - region.height()) / 2;
            copyMakeBorder(view, square, padY, side - region.height() - padY, padX, side - region.width() - padX, BORDER_CONSTANT, new Scalar(0, 0, 0, 0));
            raw.addAll(front.run(input(square, front.size()), MIN_SCORE));
            if (allRolls) {
                raw.addAll(back.run(input(square, back.size()), MIN_SCORE));
            }
            List<FaceBox> out = new ArrayList<>();
            for (BlazeFaceModel.Raw r : weightedNms(raw)) {
                FaceBox box = toImage(r, side, region.x() - padX, region.y() - padY);
                if (box.size() >= minFace && box.size() <= maxFace) {
                    out.add(box);
                }
            }
            out.sort(Comparator.comparingDouble(FaceBox::score).reversed());
            return out;
        }
    }

    /** The network's input: RGB, scaled to its side, values in [-1, 1] (MediaPipe's {@code output_tensor_float_range}). */
    private static float[] input(Mat square, int size) {
        try (Mat small = new Mat();
                Mat rgb = new Mat();
                Mat f = new Mat()) {
            resize(square, small, new Size(size, size), 0, 0, square.cols() > size ? INTER_AREA : INTER_LINEAR);
            cvtColor(small, rgb, COLOR_BGR2RGB);
            rgb.convertTo(f, CV_32F, 1 / 127.5, -1);
            float[] v = new float[size * size * 3];
            f.<java.nio.FloatBuffer>createBuffer().get(v);
            return v;
        }
    }

    private static FaceBox toImage(BlazeFaceModel.Raw r, int side, double x0, double y0) {
        float[] k = r.keypoints();
        Point2 a = new Point2(x0 + k[0] * side, y0 + k[1] * side);
        Point2 b = new Point2(x0 + k[2] * side, y0 + k[3] * side);
        EyePair eyes = a.x() <= b.x() ? new EyePair(a, b) : new EyePair(b, a);
        double w = r.w() * side;
        double h = r.h() * side;
        return new FaceBox(x0 + r.cx() * side - w / 2, y0 + r.cy() * side - h / 2, w, h, eyes.angleDegrees(), r.score(), eyes);
    }

    /**
     * MediaPipe's {@code WEIGHTED} non-maximum suppression: the best-scored detection and every
     * other overlapping it by at least {@value #NMS_IOU} (IoU) become one, their boxes and key
     * points averaged with their scores as weights, the best score kept.
     *
     * @param raw detections
     * @return the merged ones, best first
     */
    static List<BlazeFaceModel.Raw> weightedNms(List<BlazeFaceModel.Raw> raw) {
        List<BlazeFaceModel.Raw> left = new ArrayList<>(raw);
        left.sort(Comparator.comparingDouble(BlazeFaceModel.Raw::score).reversed());
        List<BlazeFaceModel.Raw> out = new ArrayList<>();
        while (!left.isEmpty()) {
            BlazeFaceModel.Raw top = left.get(0);
            double total = 0;
            double[] acc = new double[4 + 2 * BlazeFaceModel.KEYPOINTS];
            List<BlazeFaceModel.Raw> rest = new ArrayList<>();
            for (BlazeFaceModel.Raw r : left) {
                if (r != top && iou(top, r) < NMS_IOU) {
                    rest.add(r);
                    continue;
                }
                double s = r.score();
                total += s;
                acc[0] += s * r.cx();
                acc[1] += s * r.cy();
                acc[2] += s * r.w();
                acc[3] += s * r.h();
                for (int k = 0; k < 2 * BlazeFaceModel.KEYPOINTS; k++) {
                    acc[4 + k] += s * r.keypoints()[k];
                }
            }
            float[] kp = new float[2 * BlazeFaceModel.KEYPOINTS];
            for (int k = 0; k < kp.length; k++) {
                kp[k] = (float) (acc[4 + k] / total);
            }
            out.add(new BlazeFaceModel.Raw(top.score(), (float) (acc[0] / total), (float) (acc[1] / total),
                    (float) (acc[2] / total), (float) (acc[3] / total), kp));
            left = rest;
        }
        return out;
    }

    private static double iou(BlazeFaceModel.Raw a, BlazeFaceModel.Raw b) {
        double x1 = Math.max(a.cx() - a.w() / 2, b.cx() - b.w() / 2);
        double y1 = Math.max(a.cy() - a.h() / 2, b.cy() - b.h() / 2);
        double x2 = Math.min(a.cx() + a.w() / 2, b.cx() + b.w() / 2);
        double y2 = Math.min(a.cy() + a.h() / 2, b.cy() + b.h() / 2);
        double inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        double union = a.w() * a.h() + b.w() * b.h() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    @Override
    public void close() {
        front.close();
        back.close();
    }
}
