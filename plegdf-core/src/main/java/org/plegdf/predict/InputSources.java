package org.plegdf.predict;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import org.plegdf.data.FrameFolder;
import org.plegdf.data.ImageFiles;
import org.plegdf.data.ImageOps;
import org.plegdf.face.AlignedFace;
import org.plegdf.face.CropRecipe;
import org.plegdf.face.DetectorKind;
import org.plegdf.face.FacePipeline;
import org.plegdf.face.FaceSettings;
import org.plegdf.model.ModelConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import org.plegdf.util.Progress;

/**
 * Turns each kind of input into network-ready crops in a scoring session: a video is cropped with
 * the model's recipe (the same frames, detector, smallest face and crop size as its training data),
 * a folder of aligned crops is read as it is, a still has its largest face aligned.
 */
final class InputSources {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InputSources.class);
    private final ModelConfig config;
    private final CropRecipe recipe;
    private final PredictOptions options;

    /**
     * @param config the model's configuration (input size, recipe)
     * @param options prediction options
     */
    InputSources(ModelConfig config, PredictOptions options) {
        this.config = config;
        this.recipe = config.preprocessing;
        this.options = options;
    }

    /**
     * @param video a video file
     * @param session where the aligned faces go
     * @return what was analysed
     * @throws PlegdfException BAD_VIDEO, or NO_FACE when too few analysed frames hold a usable face
     */
    Analysed video(Path video, ScoringSession session) {
        int step = recipe.frameStep();
        ProgressBar[] bar = {null};
        FacePipeline.VideoFaces counts;
        try (FacePipeline faces = new FacePipeline(faceSettings(recipe.minFace()))) {
            counts = faces.processVideo(video, step, options.maxFrames(), new FacePipeline.FaceSink() {
                @Override
                public void started(long declaredFrames, double frameRate) {
                    if (options.progress()) {
                        bar[0] = Progress.bar(video.getFileName().toString(), recipe.analysedFrames(declaredFrames, options.maxFrames()), "frames");
                    }
                }

                @Override
                public void accept(long frameIndex, double seconds, Optional<AlignedFace> face) {
                    face.ifPresent(f -> session.add(frameIndex, seconds, toInput(f.toBufferedImage()), f.cropLandmarks()));
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
        return new Analysed("video", video.toString(), analysed, step, (int) (analysed - used), duration, warnings);
    }

    /**
     * @param dir a folder of aligned face crops (no detection is run)
     * @param session where the crops go, in frame order
     * @return what was analysed
     * @throws PlegdfException BAD_IMAGE when the folder is missing, holds no image or a damaged one,
     *     NO_FACE when it holds too few images
     */
    Analysed frames(Path dir, ScoringSession session) {
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
        for (int i : order) {
            session.add(stamps.get(i).frame(), stamps.get(i).time(), toInput(ImageFiles.readRgb(files.get(i))));
        }
        return new Analysed("frames", dir.toString(), files.size(), 1, 0, null, List.of());
    }

    /**
     * @param image any image holding a face
     * @param file where it was read from (for messages), or null
     * @param session where its largest face goes
     * @return what was analysed
     * @throws PlegdfException NO_FACE when no face is found
     */
    Analysed image(BufferedImage image, Path file, ScoringSession session) {
        if (image == null) {
            throw new PlegdfException(ExitCodes.BAD_IMAGE, "image: no image given");
        }
        // A still is a single photo, not an interview frame: faces may be smaller than in video.
        double minFace = Math.min(recipe.minFace(), FaceSettings.PHOTO_MIN_FACE);
        try (FacePipeline faces = new FacePipeline(faceSettings(minFace))) {
            Optional<AlignedFace> face = faces.align(image);
            if (face.isEmpty()) {
                throw new PlegdfException(ExitCodes.NO_FACE, (file == null ? "image" : file.toString()) + ": no face found in the image");
            }
            try (AlignedFace f = face.get()) {
                session.add(0, null, toInput(f.toBufferedImage()), f.cropLandmarks());
            }
        }
        return new Analysed("image", file == null ? null : file.toString(), 1, 1, 0, null, List.of());
    }

    private FaceSettings faceSettings(double minFace) {
        if (recipe.detectorKind() == DetectorKind.YUNET && options.detectorModel() == null) {
            throw new PlegdfException(ExitCodes.USAGE, "this model was trained on crops found by the YuNet detector: give its ONNX file with --detector-model");
        }
        return recipe.faceSettings(options.detectorModel(), config.inputSize, minFace);
    }

    /** A crop as training saw it: RGB, resized to the input size the same way FrameLoader does. */
    private BufferedImage toInput(BufferedImage crop) {
        BufferedImage rgb = ImageFiles.toRgb(crop);
        int s = config.inputSize;
        return rgb.getWidth() == s && rgb.getHeight() == s ? rgb : ImageOps.resize(rgb, s);
    }
}
