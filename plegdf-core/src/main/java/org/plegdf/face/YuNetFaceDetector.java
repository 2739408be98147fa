package org.plegdf.face;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * OpenCV's YuNet CNN face detector ({@code cv::FaceDetectorYN}) from an ONNX file the user supplies
 * (e.g. {@code face_detection_yunet_2023mar.onnx} from the OpenCV model zoo; plegdf ships none and
 * downloads none). Its five landmarks give the eye centres directly. Not thread-safe.
 */
public final class YuNetFaceDetector implements FaceDetector {
    private static final float SCORE_THRESHOLD = 0.7f;
    private static final float NMS_THRESHOLD = 0.3f;
    private static final int TOP_K = 50;

    private final FaceDetectorYN net;
    private final double minFaceFraction;
    private int inputWidth = -1;
    private int inputHeight = -1;

    /**
     * @param model the YuNet ONNX file
     * @param minFaceFraction smallest face side kept, fraction of the image's shorter side
     */
    public YuNetFaceDetector(Path model, double minFaceFraction) {
        if (model == null) {
            throw new PlegdfException(ExitCodes.USAGE, "--detector yunet needs --detector-model FILE (a YuNet .onnx file)");
        }
        if (!Files.isRegularFile(model)) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, model + ": YuNet model file not found");
        }
        this.minFaceFraction = minFaceFraction;
        FaceDetectorYN created;
        try {
            created = FaceDetectorYN.create(model.toString(), "", new Size(320, 320), SCORE_THRESHOLD, NMS_THRESHOLD, TOP_K, 0, 0);
        } catch (RuntimeException e) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, model + ": not a YuNet ONNX model OpenCV can load (" + reason(e) + ")", e);
        }
        if (created == null || created.isNull()) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, model + ": not a YuNet ONNX model OpenCV can load");
        }
        this.net = created;
    }

    private static final java.util.regex.Pattern CV_ERROR = java.util.regex.Pattern.compile("error: \\(-?\\d+:([^)]*)\\) ([^\\n]*)");

    /**
     * OpenCV's own reason, without file paths: the innermost {@code error: (code:kind) what} of the
     * message (ONNX import errors nest several), else its first non-blank line.
     */
    static String reason(Throwable e) {
        String m = String.valueOf(e.getMessage());
        java.util.regex.Matcher x = CV_ERROR.matcher(m);
        String reason = null;
        while (x.find()) {
            reason = x.group(1).trim() + ": " + x.group(2).trim();
        }
        if (reason == null) {
            reason = m.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.equals(">")).findFirst().orElse(m).trim();
        }
        if (reason.contains("isDynamicShape")) {
            reason += "; OpenCV cannot import YuNet exports with dynamic input shapes, use a fixed-size one"
                    + " such as face_detection_yunet_2023mar.onnx";
        }
        return reason;
    }

    @Override
    public String name() {
        return "yunet";
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
        List<FaceBox> out = new ArrayList<>();
        try (Mat view = region.view(bgr);
                Mat faces = new Mat()) {
            if (view.cols() != inputWidth || view.rows() != inputHeight) {
                inputWidth = view.cols();
                inputHeight = view.rows();
                net.setInputSize(new Size(inputWidth, inputHeight));
            }
            try {
                net.detect(view, faces);
            } catch (RuntimeException e) {
                throw new PlegdfException(ExitCodes.BAD_MODEL, "YuNet failed on a " + inputWidth + "x" + inputHeight + " image: " + reason(e), e);
            }
            if (faces.rows() == 0) {
                return out;
            }
            FloatIndexer ix = faces.createIndexer();
            for (int i = 0; i < faces.rows(); i++) {
                // Row: x, y, w, h, then (x, y) of right eye, left eye, nose, mouth corners, then the score.
                double w = ix.get(i, 2);
                double h = ix.get(i, 3);
                double side = Math.sqrt(w * h);
                if (side < minFace || side > maxFace) {
                    continue;
                }
                Point2 a = new Point2(region.x() + ix.get(i, 4), region.y() + ix.get(i, 5));
                Point2 b = new Point2(region.x() + ix.get(i, 6), region.y() + ix.get(i, 7));
                EyePair eyes = a.x() <= b.x() ? new EyePair(a, b) : new EyePair(b, a);
                out.add(new FaceBox(region.x() + ix.get(i, 0), region.y() + ix.get(i, 1), w, h, eyes.angleDegrees(), ix.get(i, 14), eyes));
            }
            ix.release();
        }
        out.sort(Comparator.comparingDouble(FaceBox::score).reversed());
        return out;
    }

    @Override
    public void close() {
        net.close();
    }
}
