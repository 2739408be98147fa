package org.plegdf.face;

import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * 68 landmarks for a face a detector found: dlib's shape predictor run on a box framed the way
 * dlib frames faces. Detectors draw boxes of their own size and position (a Haar box is not a dlib
 * box, BlazeFace's less so), and the predictor is only accurate on the framing it was trained on.
 * So the first prediction, on the detector's box turned by the detector's roll (or, for detectors
 * with eye key points, on the box that puts the mean shape's eyes on them), is only used to place
 * the face: the box and roll of the next prediction are those that carry the model's own
 * mean shape onto the predicted points (least-squares similarity), and the prediction is repeated
 * {@value #REFRAMES} times on such boxes. No constant is fitted to any photo: the framing is the
 * model's. Tilted faces are predicted on a view of the image levelled about the face (sampled at
 * the nearest pixel, as dlib samples), and their points turned back.
 *
 * <p>Thread-safe (the model is shared and immutable).
 */
public final class LandmarkLocator {
    /** Predictions on the model's own framing after the first; each costs one cascade run (a second gave no better points for a third more time: docs/benchmarks.md). */
    static final int REFRAMES = 1;

    private final ShapePredictor model;
    private final Point2[] mean;
    /** The mean shape's eye centres: a detector's eye key points place the first box (BlazeFace's boxes are framed unlike dlib's). */
    private final Point2[] meanEyes;

    /** @param model a 68-point predictor */
    public LandmarkLocator(ShapePredictor model) {
        this.model = model;
        this.mean = model.meanShape();
        EyePair eyes = new FaceLandmarks(mean, null).eyes();
        this.meanEyes = new Point2[] {eyes.left(), eyes.right()};
    }

    /**
     * The locator for these settings: the given model, else Debian's when installed.
     *
     * @param file the model file, {@code null} for Debian's path, {@link FaceSettings#NO_LANDMARKS} for none
     * @return the locator, or empty when no model is wanted or none is installed
     */
    public static Optional<LandmarkLocator> forFile(Path file) {
        if (FaceSettings.NO_LANDMARKS.equals(file)) {
            return Optional.empty();
        }
        Optional<Path> chosen = file != null ? Optional.of(file) : ShapePredictorFile.installed();
        return chosen.map(f -> new LandmarkLocator(ShapePredictorFile.load(f)));
    }

    /** @return the model */
    public ShapePredictor model() {
        return model;
    }

    /**
     * @param bgr the image (8-bit BGR)
     * @param box a detector's face box, its angle the detector's roll
     * @return the landmarks and head pose
     */
    public FaceLandmarks locate(Mat bgr, FaceBox box) {
        ShapePredictor.GrayPixels gray = ShapePredictor.GrayPixels.of(bgr);
        Frame f = box.eyes() != null
                ? framing(meanEyes, new Point2[] {box.eyes().left(), box.eyes().right()})
                : new Frame(box.x(), box.y(), box.width() - 1, box.height() - 1, box.angle(), box.centerX(), box.centerY());
        Point2[] p = predict(gray, f);
        for (int i = 0; i < REFRAMES; i++) {
            p = predict(gray, framing(mean, p));
        }
        return new FaceLandmarks(p, HeadPoseEstimator.estimate(p, bgr.cols(), bgr.rows()));
    }

    /**
     * The 68 points on exactly this dlib rectangle, upright, as {@code dlib::shape_predictor} gives
     * them (sub-pixel; dlib rounds them).
     *
     * @param bgr the image
     * @param left dlib rectangle left
     * @param top top
     * @param right right, inclusive
     * @param bottom bottom, inclusive
     * @return the points, without pose
     */
    public Point2[] onRectangle(Mat bgr, double left, double top, double right, double bottom) {
        return model.predict(ShapePredictor.GrayPixels.of(bgr), left, top, right, bottom);
    }

    /**
     * A dlib rectangle in a view of the image turned by {@code -angle} degrees about {@code (cx, cy)}.
     *
     * @param left rectangle left in the view
     * @param top rectangle top in the view
     * @param width right minus left
     * @param height bottom minus top
     * @param angle the face's roll, degrees
     * @param cx centre of the turn, image pixels
     * @param cy centre of the turn
     */
    private record Frame(double left, double top, double width, double height, double angle, double cx, double cy) {}

    private Point2[] predict(ShapePredictor.GrayPixels gray, Frame f) {
        if (f.angle() == 0) {
            return model.predict(gray, f.left(), f.top(), f.left() + f.width(), f.top() + f.height());
        }
        Affine toView = Affine.levelling(f.cx(), f.cy(), f.angle(), 1, f.cx(), f.cy());
        Affine back = toView.inverse();
        ShapePredictor.GrayPixels view = (x, y) -> gray.at((int) Math.floor(back.x(x, y) + 0.5), (int) Math.floor(back.y(x, y) + 0.5));
        Point2[] p = model.predict(view, f.left(), f.top(), f.left() + f.width(), f.top() + f.height());
        for (int i = 0; i < p.length; i++) {
            p[i] = back.apply(p[i]);
        }
        return p;
    }

    /** The frame in which these points of the model's mean shape best match these image points (least squares). */
    private static Frame framing(Point2[] mean, Point2[] p) {
        Affine fit = SimilarityFit.fit(mean, p);
        double scale = fit.scale();
        double angle = Math.toDegrees(Math.atan2(fit.d(), fit.a()));
        Point2 centre = fit.apply(new Point2(0.5, 0.5));
        // p = s R m + t: in the view turned by -angle about the face's centre, the rectangle's corner is where m = (0, 0) lands.
        Affine toView = Affine.levelling(centre.x(), centre.y(), angle, 1, centre.x(), centre.y());
        Point2 corner = toView.apply(fit.apply(new Point2(0, 0)));
        return new Frame(corner.x(), corner.y(), scale, scale, angle, centre.x(), centre.y());
    }
}
