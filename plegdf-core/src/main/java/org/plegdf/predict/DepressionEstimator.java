package org.plegdf.predict;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.plegdf.data.FrameLoader;
import org.plegdf.data.ImageFiles;
import org.plegdf.model.CropScorer;
import org.plegdf.model.Engines;
import org.plegdf.model.InferenceNetwork;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.Precision;
import org.plegdf.store.ModelSource;
import org.plegdf.util.PlegdfException;

/**
 * Estimates depression intensity on the model's rating scale (BDI-II 0-63 by default) from a face
 * video, a folder of aligned face frames, or a single image.
 *
 * <pre>{@code
 * try (DepressionEstimator est = DepressionEstimator.load(Path.of("model.plegdf"))) {
 *     Prediction p = est.predictVideo(Path.of("interview.mp4"));
 *     System.out.println(p.score() + " " + p.band() + " " + p.interval());
 * }
 * }</pre>
 *
 * <p>A video is turned into face crops exactly as the model's training data was (frame step,
 * detector, minimum face size and crop size from the model's configuration); the score is the mean
 * of the frame scores, with a seeded bootstrap interval over frames.
 *
 * <p><b>Thread-safe:</b> one estimator may serve many threads at once; each call has its own face
 * pipeline and tensor scope, and the network's parameters are only read. {@link #saliency} takes a
 * process-wide lock (DJL allows one gradient recording at a time). Close the estimator once no call
 * is running; it frees the network.
 */
public final class DepressionEstimator implements AutoCloseable {
    private final NDManager manager;
    private final PlegdfFglscfNet net;
    private final ModelConfig config;
    private final FrameLoader loader;
    private final CropScorer scorer;
    private final PredictOptions options;
    private final InputSources inputs;
    private final PredictionAssembler assembler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DepressionEstimator(NDManager manager, InferenceNetwork fast, PredictOptions options, Prediction.ModelInfo info) {
        this.manager = manager;
        this.net = fast.network();
        this.config = net.config();
        this.loader = new FrameLoader(config.inputSize, config.mean, config.std);
        this.scorer = new CropScorer(fast, manager);
        this.options = options;
        this.inputs = new InputSources(config, options);
        this.assembler = new PredictionAssembler(config, options, info);
    }

    /**
     * Loads a model with the default options on the best device, in the precision it computes
     * natively ({@link Precision#AUTO}).
     *
     * @param model a training run folder, a model folder or a {@code .plegdf} bundle
     * @return the estimator; close it when done
     * @throws PlegdfException BAD_MODEL naming the path and the problem
     */
    public static DepressionEstimator load(Path model) {
        return load(model, PredictOptions.defaults(), "auto");
    }

    /**
     * @param model a training run folder, a model folder or a {@code .plegdf} bundle
     * @param options prediction options
     * @param device auto, cpu, gpu or gpu:N
     * @return the estimator; close it when done
     * @throws PlegdfException BAD_MODEL naming the path and the problem, ENGINE when the device is
     *     not available
     */
    public static DepressionEstimator load(Path model, PredictOptions options, String device) {
        return load(model, options, device, Precision.AUTO);
    }

    /**
     * @param model a training run folder, a model folder or a {@code .plegdf} bundle
     * @param options prediction options
     * @param device auto, cpu, gpu or gpu:N
     * @param precision the number format of scoring (BatchNorm is folded into the convolutions in
     *     every precision); the saliency map is always computed unfolded in float32
     * @return the estimator; close it when done
     * @throws PlegdfException BAD_MODEL naming the path and the problem, ENGINE when the device is
     *     not available
     */
    public static DepressionEstimator load(Path model, PredictOptions options, String device, Precision precision) {
        ModelSource src = ModelSource.of(model);
        Device dev = Engines.device(device);
        NDManager manager = NDManager.newBaseManager(dev);
        try {
            ModelSource.Loaded loaded = src.load(manager);
            PlegdfFglscfNet net = loaded.net();
            // Only the input ever needs a gradient (saliency); frozen parameters also keep plain
            // predictions from recording autograd graphs on threads where PyTorch's grad mode is on.
            net.freezeParameters(true);
            InferenceNetwork fast = InferenceNetwork.prepare(net, manager, precision);
            return new DepressionEstimator(manager, fast, options, PredictionAssembler.modelInfo(model, src, loaded));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return a copy of the model's configuration */
    public ModelConfig config() {
        return config.copy();
    }

    /** @return which model this is, as predictions report it */
    public Prediction.ModelInfo modelInfo() {
        return assembler.modelInfo();
    }

    /** @return how frames are scored, for start-up lines: precision, why, BatchNorms folded */
    public String inference() {
        return scorer.inference().describe();
    }

    /** @return the precision frames are scored in (FP32 or BF16) */
    public Precision precision() {
        return scorer.inference().precision();
    }

    /** @return the options predictions are made with */
    public PredictOptions options() {
        return options;
    }

    /**
     * Predicts from a face video: every frame_step-th frame is searched for the interviewee, who is
     * followed, aligned and scored.
     *
     * @param video a video file (mp4, avi, mov, mkv, ...)
     * @return the prediction
     * @throws PlegdfException BAD_VIDEO when the file cannot be decoded, NO_FACE when fewer than
     *     {@link PredictOptions#minFrames()} analysed frames hold a usable face
     */
    public Prediction predictVideo(Path video) {
        checkOpen();
        long t0 = System.nanoTime();
        ScoringSession session = newSession();
        Analysed input = inputs.video(video, session);
        return assembler.assemble(session.finish(), input, t0);
    }

    /**
     * Predicts from a folder of aligned face crops (for example a video folder written by
     * {@code plegdf preprocess}: {@code <video>/frames}). Every image is scored; no face detection
     * is run, the crops are taken as aligned.
     *
     * @param dir the folder
     * @return the prediction
     * @throws PlegdfException BAD_IMAGE when the folder is missing, holds no image or a damaged one,
     *     NO_FACE when it holds fewer than {@link PredictOptions#minFrames()} images
     */
    public Prediction predictFrames(Path dir) {
        checkOpen();
        long t0 = System.nanoTime();
        ScoringSession session = newSession();
        Analysed input = inputs.frames(dir, session);
        return assembler.assemble(session.finish(), input, t0);
    }

    /**
     * Predicts from one image: its largest face is aligned and scored. One frame gives no spread,
     * so the interval is the score itself.
     *
     * @param image any image holding a face
     * @return the prediction
     * @throws PlegdfException NO_FACE when no face is found
     */
    public Prediction predictImage(BufferedImage image) {
        return predictImage(image, null);
    }

    /**
     * Predicts from one image file (errors name the file).
     *
     * @param file a png, jpg or bmp image holding a face
     * @return the prediction
     * @throws PlegdfException BAD_IMAGE when the file cannot be read, NO_FACE when it holds no face
     */
    public Prediction predictImage(Path file) {
        return predictImage(ImageFiles.readRgb(file), file);
    }

    private Prediction predictImage(BufferedImage image, Path file) {
        checkOpen();
        long t0 = System.nanoTime();
        ScoringSession session = newSession();
        Analysed input = inputs.image(image, file, session);
        return assembler.assemble(session.finish(), input, t0);
    }

    /**
     * The saliency map of a prediction's sampled faces (at most {@link PredictOptions#evidenceFaces()},
     * spread over the input), in one batched backward pass. Serialised process-wide: DJL allows one
     * gradient recording at a time.
     *
     * @param p a prediction made by this estimator
     * @return the map over the aligned face
     */
    public SaliencyMap saliency(Prediction p) {
        checkOpen();
        if (p.faces().isEmpty()) {
            throw new IllegalArgumentException("the prediction keeps no face crops");
        }
        return Saliency.of(net, manager, loader, p.faces());
    }

    /** @return the network runner (for benchmarks) */
    CropScorer scorer() {
        return scorer;
    }

    private ScoringSession newSession() {
        return new ScoringSession(scorer, loader, options.batchSize(), options.evidenceFaces());
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this DepressionEstimator is closed");
        }
    }

    /** Frees the network. Call once no prediction is running. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            manager.close();
        }
    }
}
