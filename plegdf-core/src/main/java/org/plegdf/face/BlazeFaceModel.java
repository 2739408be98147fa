package org.plegdf.face;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * One of MediaPipe's BlazeFace networks, shipped inside the jar ({@code
 * org/plegdf/face/blazeface/}, see its NOTICE.md), run on DJL's ONNX Runtime engine, with
 * MediaPipe's decoding of its 896 anchors ({@code SsdAnchorsCalculator} with fixed anchor size:
 * a 16 x 16 grid of 2 anchors and an 8 x 8 grid of 6, centred in their cells; {@code
 * TensorsToDetectionsCalculator}: offsets divided by the input size, scores through a sigmoid
 * clipped at +-100). Input: one square RGB image, NHWC, values in [-1, 1]. Not thread-safe (one
 * predictor); one per detector.
 */
final class BlazeFaceModel implements AutoCloseable {
    /** The two networks: the front-camera one for near faces, the back-camera one for smaller faces. */
    enum Kind {
        FRONT("face_detection_front_128x128_barracuda.onnx", 128, "d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51"),
        BACK("face_detection_back_256x256_barracuda.onnx", 256, "427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2");

        final String file;
        final int size;
        final String sha256;

        Kind(String file, int size, String sha256) {
            this.file = file;
            this.size = size;
            this.sha256 = sha256;
        }
    }

    /** MediaPipe's {@code score_clipping_thresh}. */
    private static final float SCORE_CLIP = 100;
    /** Values per anchor: box (x, y, w, h) then 6 key points (x, y). */
    private static final int COORDS = 16;
    /** Key points: right eye, left eye (the subject's), nose tip, mouth centre, right ear, left ear. */
    static final int KEYPOINTS = 6;

    /**
     * A raw detection in input-square coordinates (0..1, y down).
     *
     * @param score probability
     * @param cx box centre x
     * @param cy box centre y
     * @param w box width
     * @param h box height
     * @param keypoints 6 (x, y) pairs
     */
    record Raw(float score, float cx, float cy, float w, float h, float[] keypoints) {}

    private final Kind kind;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final NDManager manager;
    private final ai.onnxruntime.OrtSession.SessionOptions options;

    BlazeFaceModel(Kind kind) {
        this.kind = kind;
        byte[] bytes = read(kind);
        // CPU: the ONNX Runtime artifact from Maven Central has no GPU provider, and a 1 ms network gains
        // nothing from one. One thread per session: parallelism comes from one pipeline per video.
        Model m = Model.newInstance("blazeface-" + kind.name().toLowerCase(java.util.Locale.ROOT), ai.djl.Device.cpu(), "OnnxRuntime");
        ai.onnxruntime.OrtSession.SessionOptions options = new ai.onnxruntime.OrtSession.SessionOptions();
        try {
            options.setInterOpNumThreads(1);
            options.setIntraOpNumThreads(1);
            // The graph optimiser's notes on unused initialisers would go to the terminal on every load.
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            m.load(new ByteArrayInputStream(bytes), java.util.Map.of("sessionOptions", options));
        } catch (IOException | ai.djl.MalformedModelException | ai.onnxruntime.OrtException | RuntimeException e) {
            options.close();
            m.close();
            throw new PlegdfException(ExitCodes.ENGINE, "BlazeFace " + kind.file + ": ONNX Runtime cannot load it (" + e.getMessage() + ")", e);
        }
        this.model = m;
        this.options = options;
        this.predictor = m.newPredictor(new NoopTranslator());
        this.manager = m.getNDManager().newSubManager();
    }

    /** @return the input side in pixels */
    int size() {
        return kind.size;
    }

    private static byte[] read(Kind kind) {
        String resource = "blazeface/" + kind.file;
        try (InputStream in = BlazeFaceModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new PlegdfException(ExitCodes.BAD_MODEL, "org/plegdf/face/" + resource + ": missing from the plegdf jar");
            }
            byte[] bytes = in.readAllBytes();
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (!sha.equals(kind.sha256)) {
                throw new PlegdfException(ExitCodes.BAD_MODEL, "org/plegdf/face/" + resource + ": sha256 " + sha + " is not the shipped model's " + kind.sha256);
            }
            return bytes;
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, "org/plegdf/face/" + resource + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param rgb the square input, {@code size x size x 3} RGB values in [-1, 1], row-major
     * @param minScore smallest score kept
     * @return the anchors scoring at least {@code minScore}, decoded
     */
    List<Raw> run(float[] rgb, float minScore) {
        float[] s1;
        float[] s2;
        float[] b1;
        float[] b2;
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.create(rgb, new Shape(1, kind.size, kind.size, 3));
            NDList out = predictor.predict(new NDList(input));
            // Outputs (keijiro's export): scores of the 16x16 grid, of the 8x8 grid, then their boxes.
            s1 = out.get(0).toFloatArray();
            s2 = out.get(1).toFloatArray();
            b1 = out.get(2).toFloatArray();
            b2 = out.get(3).toFloatArray();
        } catch (ai.djl.translate.TranslateException e) {
            throw new PlegdfException(ExitCodes.ENGINE, "BlazeFace " + kind.file + ": inference failed (" + e.getMessage() + ")", e);
        }
        List<Raw> found = new ArrayList<>();
        decode(s1, b1, 16, 2, minScore, found);
        decode(s2, b2, 8, 6, minScore, found);
        return found;
    }

    private void decode(float[] scores, float[] boxes, int cells, int anchors, float minScore, List<Raw> out) {
        float scale = 1f / kind.size;
        for (int i = 0; i < scores.length; i++) {
            float logit = Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, scores[i]));
            float score = (float) (1 / (1 + Math.exp(-logit)));
            if (score < minScore) {
                continue;
            }
            int cell = i / anchors;
            float ax = (cell % cells + 0.5f) / cells;
            float ay = (cell / cells + 0.5f) / cells;
            int b = i * COORDS;
            float[] kp = new float[2 * KEYPOINTS];
            for (int k = 0; k < KEYPOINTS; k++) {
                kp[2 * k] = ax + boxes[b + 4 + 2 * k] * scale;
                kp[2 * k + 1] = ay + boxes[b + 5 + 2 * k] * scale;
            }
            out.add(new Raw(score, ax + boxes[b] * scale, ay + boxes[b + 1] * scale, boxes[b + 2] * scale, boxes[b + 3] * scale, kp));
        }
    }

    @Override
    public void close() {
        manager.close();
        predictor.close();
        model.close();
        options.close();
    }
}
