package org.plegdf.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.data.Sidecars;
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

/** {@code plegdf preprocess}: interview videos in, aligned face crops out. */
@Command(name = "preprocess", description = {
    "Decode videos (every k-th frame), find and follow the interviewee's face, align it on the eyes",
    "and write S x S PNG crops, faces.csv and a completion marker per video (see docs/preprocess.md)."})
public final class PreprocessCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "A video, a folder of videos, or a manifest.csv (video_id,subject_id,split,bdi,path).")
    Path input;

    @Option(names = "--out", required = true, description = "Output folder (one sub-folder per video).")
    Path out;

    @Option(names = "--size", defaultValue = "224", description = "Crop side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--every", defaultValue = "3", description = "Sample one frame in this many (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--max-frames", defaultValue = "0", description = "Stop each video after this many sampled frames; 0 = whole video (default).")
    long maxFrames;

    @Option(names = "--workers", description = "Videos processed in parallel (default: the number of cores).")
    Integer workers;

    @Option(names = "--detector", defaultValue = "haar", description = "haar (OpenCV cascade, built in) or yunet (needs --detector-model) (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--detector-model", description = "YuNet ONNX file, e.g. face_detection_yunet_2023mar.onnx.")
    Path detectorModel;

    @Option(names = "--min-face", defaultValue = "0.15", description = "Smallest face, fraction of the frame's shorter side (default: ${DEFAULT-VALUE}).")
    double minFace;

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
            face = new FaceSettings(kind, detectorModel, size, minFace);
        } catch (IllegalArgumentException e) {
            throw new PlegdfException(ExitCodes.USAGE, e.getMessage(), e);
        }
        List<VideoJob> jobs = VideoInputs.resolve(input);
        int n = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        PreprocessRun run = new PreprocessRun(out, face, every, maxFrames, Math.min(n, Math.max(1, jobs.size())), !noProgress);
        PreprocessSummary s = run.run(jobs);
        if (Files.isRegularFile(input) && input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            Sidecars.copy(input, out); // dataset.json and folds.csv describe the new manifest too
        }
        System.out.println("preprocess: " + s.line());
        System.out.println("summary: " + out.resolve(PreprocessRun.SUMMARY));
        if (s.failed() > 0) {
            if (jobs.size() == 1) {
                VideoResult r = s.results().get(0);
                throw new PlegdfException(ExitCodes.BAD_VIDEO, r.error());
            }
            throw new PlegdfException(ExitCodes.PARTIAL_FAILURE, s.failed() + " of " + s.videos() + " videos failed (listed above and in "
                    + out.resolve(PreprocessRun.SUMMARY) + ")");
        }
        return ExitCodes.OK;
    }
}
