package org.plegdf.predict;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.plegdf.cli.VersionProvider;
import org.plegdf.data.FrameFolder;
import org.plegdf.data.FrameLoader;
import org.plegdf.data.ImageFiles;
import org.plegdf.data.ImageOps;
import org.plegdf.face.AlignedFace;
import org.plegdf.face.DetectorKind;
import org.plegdf.face.FacePipeline;
import org.plegdf.face.FaceSettings;
import org.plegdf.model.Engines;
import org.plegdf.model.ModelConfig;
import org.plegdf.model.ModelStore;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.PreprocessingConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.plegdf.util.Progress;

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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DepressionEstimator.class);
    private final NDManager manager;
    private final PlegdfFglscfNet net;
    private final ModelConfig config;
    private final FrameLoader loader;
    private final FrameScorer scorer;
    private final PredictOptions options;
    private final Prediction.ModelInfo modelInfo;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DepressionEstimator(NDManager manager, PlegdfFglscfNet net, PredictOptions options, Prediction.ModelInfo info) {
        this.manager = manager;
        this.net = net;
        this.config = net.config();
        this.loader = new FrameLoader(config.inputSize, config.mean, config.std);
        this.scorer = new FrameScorer(net, manager);
        this.options = options;
        this.modelInfo = info;
    }

    /**
     * Loads a model with the default options on the best device.
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
        ModelSource src = ModelSource.of(model);
        src.checkFormatVersion();
        Device dev = Engines.device(device);
        NDManager manager = NDManager.newBaseManager(dev);
        try {
            PlegdfFglscfNet net;
            String madeBy = null;
            Double devRmse;
            if (src.kind() == ModelSource.Kind.BUNDLE) {
                Path tmp = Files.createTempDirectory("plegdf-bundle-");
                try {
                    ModelBundle.Manifest m = ModelBundle.unpack(model, tmp);
                    net = ModelStore.load(tmp, manager);
                    madeBy = m.plegdfVersion();
                    devRmse = m.devRmse();
                } catch (PlegdfException e) {
                    // The unpacked folder is a temporary name: report the bundle the user gave.
                    throw new PlegdfException(e.exitCode(), e.getMessage().replace(tmp.toString(), model + "!"), e);
                } finally {
                    deleteTree(tmp);
                }
            } else {
                net = ModelStore.load(src.modelDir(), manager);
                devRmse = src.devRmse();
            }
            // Only the input ever needs a gradient (saliency); frozen parameters also keep plain
            // predictions from recording autograd graphs on threads where PyTorch's grad mode is on.
            net.freezeParameters(true);
            ModelConfig c = net.config();
            PreprocessingConfig p = c.preprocessing;
            Prediction.ModelInfo info = new Prediction.ModelInfo(model.toAbsolutePath().normalize().toString(), src.kind().id(),
                    c.backbone, c.ablation.id(), c.inputSize, c.regions, c.formatVersion, madeBy, devRmse,
                    new Prediction.Preprocessing(p.frameStep, p.detector, p.minFace, p.effectiveCropSize(c.inputSize), p.source));
            return new DepressionEstimator(manager, net, options, info);
        } catch (IOException e) {
            manager.close();
            throw new PlegdfException(ExitCodes.BAD_MODEL, model + ": cannot unpack the bundle: " + e.getMessage(), e);
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
        return modelInfo;
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
        PreprocessingConfig pre = config.preprocessing;
        ScoringSession session = newSession();
        int step = pre.frameStep;
        ProgressBar[] bar = {null};
        FacePipeline.VideoFaces counts;
        try (FacePipeline faces = new FacePipeline(faceSettings(pre.minFace))) {
            counts = faces.processVideo(video, step, options.maxFrames(), new FacePipeline.FaceSink() {
                @Override
                public void started(long declaredFrames, double frameRate) {
                    if (options.progress()) {
                        long expected = declaredFrames > 0 ? (declaredFrames + step - 1) / step : -1;
                        if (options.maxFrames() > 0) {
                            expected = expected < 0 ? options.maxFrames() : Math.min(expected, options.maxFrames());
                        }
                        bar[0] = Progress.bar(video.getFileName().toString(), expected, "frames");
                    }
                }

                @Override
                public void accept(long frameIndex, double seconds, Optional<AlignedFace> face) {
                    face.ifPresent(f -> session.add(frameIndex, seconds, toInput(f.toBufferedImage())));
                    if (bar[0] != null) {
                        bar[0].step();
                    }
                }
            });
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        List<String> warnings = counts.truncationWarning(video).stream().toList();
        warnings.forEach(LOG::warn);
        int used = session.frames();
        long analysed = counts.framesRead();
        if (used < options.minFrames()) {
            throw new PlegdfException(ExitCodes.NO_FACE, String.format(Locale.ROOT,
                    "%s: only %d of %d analysed frames (one in %d) have a usable face; at least %d are needed (--min-frames %d)",
                    video, used, analysed, step, options.minFrames(), options.minFrames()));
        }
        Double duration = counts.frameRate() > 0 ? counts.framesDecoded() / counts.frameRate() : null;
        return assemble(session.finish(), (int) (analysed - used), "video", video.toString(), analysed, step, duration, warnings, t0);
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
        if (!Files.isDirectory(dir)) {
            throw new PlegdfException(ExitCodes.BAD_IMAGE, dir + ": frame folder not found");
        }
        FrameFolder folder = FrameFolder.of(dir);
        if (folder.isEmpty()) {
            throw new PlegdfException(ExitCodes.BAD_IMAGE, dir + ": no face frames (png, jpg, jpeg or bmp files) in the folder");
        }
        if (folder.size() < options.minFrames()) {
            throw new PlegdfException(ExitCodes.NO_FACE, String.format(Locale.ROOT,
                    "%s: only %d face frame(s); at least %d are needed (--min-frames %d)", dir, folder.size(), options.minFrames(), options.minFrames()));
        }
        FrameTimes times = FrameTimes.of(dir);
        List<Path> files = folder.frames();
        List<FrameTimes.Stamp> stamps = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            stamps.add(times.of(files.get(i), i));
        }
        // Timeline order: by frame index (name order already is, for preprocess output).
        Integer[] order = new Integer[files.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong(i -> stamps.get(i).frame()));
        ScoringSession session = newSession();
        for (int i : order) {
            session.add(stamps.get(i).frame(), stamps.get(i).time(), toInput(ImageFiles.readRgb(files.get(i))));
        }
        return assemble(session.finish(), 0, "frames", dir.toString(), files.size(), 1, null, List.of(), t0);
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
        if (image == null) {
            throw new PlegdfException(ExitCodes.BAD_IMAGE, "image: no image given");
        }
        // A still is a single photo, not an interview frame: faces may be smaller than in video.
        double minFace = Math.min(config.preprocessing.minFace, FaceSettings.PHOTO_MIN_FACE);
        BufferedImage crop;
        try (FacePipeline faces = new FacePipeline(faceSettings(minFace))) {
            Optional<AlignedFace> face = faces.align(image);
            if (face.isEmpty()) {
                throw new PlegdfException(ExitCodes.NO_FACE, (file == null ? "image" : file.toString()) + ": no face found in the image");
            }
            try (AlignedFace f = face.get()) {
                crop = toInput(f.toBufferedImage());
            }
        }
        ScoringSession session = newSession();
        session.add(0, null, crop);
        return assemble(session.finish(), 0, "image", file == null ? null : file.toString(), 1, 1, null, List.of(), t0);
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
    FrameScorer scorer() {
        return scorer;
    }

    private ScoringSession newSession() {
        return new ScoringSession(scorer, loader, options.batchSize(), options.evidenceFaces());
    }

    private FaceSettings faceSettings(double minFace) {
        PreprocessingConfig p = config.preprocessing;
        DetectorKind kind = DetectorKind.parse(p.detector);
        if (kind == DetectorKind.YUNET && options.detectorModel() == null) {
            throw new PlegdfException(ExitCodes.USAGE, "this model was trained on crops found by the YuNet detector: give its ONNX file with --detector-model");
        }
        return new FaceSettings(kind, options.detectorModel(), p.effectiveCropSize(config.inputSize), minFace);
    }

    /** A crop as training saw it: RGB, resized to the input size the same way FrameLoader does. */
    private BufferedImage toInput(BufferedImage crop) {
        BufferedImage rgb = ImageFiles.toRgb(crop);
        int s = config.inputSize;
        return rgb.getWidth() == s && rgb.getHeight() == s ? rgb : ImageOps.resize(rgb, s);
    }

    private Prediction assemble(ScoringSession.Scored scored, int withoutFace, String kind, String path, long analysed, int step,
            Double duration, List<String> warnings, long t0) {
        double[] scores = scored.perFrame().stream().mapToDouble(FrameScore::score).toArray();
        double mean = Arrays.stream(scores).average().orElseThrow();
        Interval interval = BootstrapInterval.of(scores, mean, options.intervalLevel(), options.bootstrapSamples(), options.seed());
        List<RegionWeight> regions = new ArrayList<>();
        double[] w = scored.meanRegionWeights();
        if (w != null) {
            int r = (int) Math.round(Math.sqrt(w.length));
            for (int i = 0; i < w.length; i++) {
                regions.add(new RegionWeight(i / r, i % r, w[i]));
            }
        }
        Prediction.Input input = new Prediction.Input(kind, path, analysed, step, duration, (System.nanoTime() - t0) / 1e9, warnings);
        return new Prediction(mean, Prediction.Scale.of(config.scale), config.scale.bandOf(mean), interval, options.intervalLevel(),
                scores.length, withoutFace, scored.perFrame(), regions, input, modelInfo, VersionProvider.version(), scored.faces());
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

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless; the prediction does not depend on it.
        }
    }
}
