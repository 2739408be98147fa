package org.plegdf.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.data.Sidecars;
import org.plegdf.face.CropRecipe;
import org.plegdf.face.DetectorKind;
import org.plegdf.face.FaceSettings;
import org.plegdf.preprocess.PreprocessRun;
import org.plegdf.preprocess.PreprocessSummary;
import org.plegdf.preprocess.VideoInputs;
import org.plegdf.preprocess.VideoJob;
import org.plegdf.preprocess.VideoResult;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code plegdf preprocess}: interview videos in, aligned face crops out. */
@Command(name = "preprocess", description = {
    "Decode videos (every k-th frame), find and follow the interviewee's face, align it on the eyes",
    "and write S x S PNG crops, faces.csv and a completion marker per video (see docs/preprocess.md)."})
public final class PreprocessCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, description = "A video, a folder of videos, or a manifest.csv (video_id,subject_id,split,bdi,path; frame folders in it are passed through).")
    Path input;

    @Option(names = "--out", required = true, description = "Output folder (one sub-folder per video).")
    Path out;

    @Option(names = "--size", defaultValue = "224", description = "Crop side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"--frame-step", "--every"}, defaultValue = "" + CropRecipe.FRAME_STEP, description = "Analyse one video frame in this many (default: ${DEFAULT-VALUE}; --every is the old name).")
    int frameStep;

    @Option(names = "--max-frames", defaultValue = "0", description = "Stop each video after this many sampled frames; 0 = whole video (default).")
    long maxFrames;

    @Option(names = "--workers", description = "Videos processed in parallel (default: the number of cores).")
    Integer workers;

    @Option(names = "--detector", defaultValue = "blazeface", description = "blazeface (MediaPipe CNN, built in; Haar where it finds nothing), haar (OpenCV cascade, built in) or yunet (needs --detector-model) (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--detector-model", description = "YuNet ONNX file, e.g. face_detection_yunet_2023mar.onnx.")
    Path detectorModel;

    @Option(names = "--min-face", defaultValue = "" + CropRecipe.MIN_FACE, description = "Smallest face, fraction of the frame's shorter side (default: ${DEFAULT-VALUE}).")
    double minFace;

    @Option(names = "--landmarks", description = "dlib's shape_predictor_68_face_landmarks.dat (default: Debian's libdlib-data copy when installed; 'none': align on the eye cascade).")
    Path landmarks;

    @Option(names = "--max-yaw", defaultValue = "0", description = "Drop frames whose head is turned more than this many degrees (needs landmarks; default 0 = keep all).")
    double maxYaw;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        DetectorKind kind = DetectorKind.parse(detector);
        if (kind == DetectorKind.YUNET && detectorModel == null) {
            throw new PlegdfException(ExitCodes.USAGE, "--detector yunet needs --detector-model FILE (a YuNet .onnx file)");
        }
        FaceSettings face;
        try {
            face = new FaceSettings(kind, detectorModel, size, minFace, landmarks, maxYaw);
        } catch (IllegalArgumentException e) {
            throw new PlegdfException(ExitCodes.USAGE, e.getMessage(), e);
        }
        if (maxYaw > 0 && "none".equals(face.landmarksLabel())) {
            throw new PlegdfException(ExitCodes.USAGE, "--max-yaw needs the 68-point landmark model: " + org.plegdf.face.ShapePredictorFile.INSTALL_HINT);
        }
        org.plegdf.face.LandmarkLocator.forFile(landmarks); // a bad --landmarks file fails here, once, not per video
        List<VideoJob> jobs = VideoInputs.resolve(input);
        int n = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        PreprocessRun run = new PreprocessRun(out, face, frameStep, maxFrames, Math.min(n, Math.max(1, jobs.size())), !noProgress);
        PreprocessSummary s = run.run(jobs);
        if (Files.isRegularFile(input) && input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            Sidecars.copy(input, out); // dataset.json and folds.csv describe the new manifest too
        }
        out().println("preprocess: " + s.line());
        out().println("summary: " + out.resolve(PreprocessRun.SUMMARY));
        if (s.failed() > 0) {
            if (jobs.size() == 1) {
                VideoResult r = s.results().get(0);
                throw new PlegdfException(ExitCodes.BAD_VIDEO, r.error());
            }
            throw new PlegdfException(ExitCodes.PARTIAL_FAILURE, s.failed() + " of " + s.videos() + " videos failed (listed above and in "
                    + out.resolve(PreprocessRun.SUMMARY) + ")");
        }
        if (!s.withoutFace().isEmpty()) {
            if (jobs.size() == 1) {
                VideoResult r = s.results().get(0);
                throw new PlegdfException(ExitCodes.NO_FACE, r.video() + ": no usable face in " + r.framesRead()
                        + " analysed frames (check --min-face, or the video)");
            }
            throw new PlegdfException(ExitCodes.SOME_WITHOUT_FACE, s.withoutFace().size() + " of " + s.videos()
                    + " videos gave no usable face and were left out of the manifest (listed above and in " + out.resolve(PreprocessRun.SUMMARY) + ")");
        }
        return ExitCodes.OK;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
