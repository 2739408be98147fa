package org.plegdf.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.predict.PredictOptions;
import org.plegdf.predict.Prediction;
import org.plegdf.predict.PredictionReport;
import org.plegdf.predict.SaliencyMap;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plegdf predict}: a score a person can read, from a video, a frame folder or an image. */
@Command(name = "predict", description = "Estimate depression intensity from a face video, a folder of aligned face frames or an image; "
        + "writes prediction.json and report.html.")
public final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "A training run folder, its model/ folder, or a .plegdf bundle (plegdf export).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--video", description = "A face video (mp4, avi, mov, mkv, ...).")
        Path video;

        @Option(names = "--frames", description = "A folder of aligned face crops, e.g. DIR/<video>/frames from plegdf preprocess.")
        Path frames;

        @Option(names = "--image", description = "One image with a face.")
        Path image;
    }

    @Option(names = "--out", description = "Folder for prediction.json and report.html (default: prediction-<input name>, -2, -3 ... when that holds another input's prediction).")
    Path out;

    @Option(names = "--json", description = "Print prediction.json to stdout instead of the summary line (nothing else goes to stdout).")
    boolean json;

    @Option(names = "--no-images", description = "Leave face images out of the report (face videos are health data).")
    boolean noImages;

    @Option(names = "--min-frames", defaultValue = "5", description = "Fewest frames with a usable face a video or frame folder must give (default: ${DEFAULT-VALUE}).")
    int minFrames;

    @Option(names = "--max-frames", defaultValue = "0", description = "Stop a video after this many analysed frames (0 = whole video).")
    long maxFrames;

    @Option(names = "--batch-size", defaultValue = "32", description = "Frames per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--detector-model", description = "YuNet ONNX file, for models trained on YuNet crops.")
    Path detectorModel;

    @CommandLine.Mixin DeviceOption deviceOption;

    @CommandLine.Mixin PrecisionOption precisionOption;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        PredictOptions opts = PredictOptions.defaults().withMinFrames(minFrames).withMaxFrames(maxFrames).withBatchSize(batchSize)
                .withDetectorModel(detectorModel).withProgress(!noProgress);
        Path given = input.video != null ? input.video : input.frames != null ? input.frames : input.image;
        Path dir = out != null ? out : defaultOut(given);
        try (DepressionEstimator est = DepressionEstimator.load(model, opts, deviceOption.device(), precisionOption.precision())) {
            Prediction p;
            if (input.video != null) {
                p = est.predictVideo(input.video);
            } else if (input.frames != null) {
                p = est.predictFrames(input.frames);
            } else {
                p = est.predictImage(input.image);
            }
            Json.write(dir.resolve("prediction.json"), p);
            SaliencyMap saliency = noImages ? null : est.saliency(p);
            PredictionReport.write(dir.resolve("report.html"), p, saliency, !noImages);
            if (json) {
                out().println(p.toJson());
            } else {
                out().println(p.summaryLine());
                out().println("report: " + dir.resolve("report.html"));
                out().println("inference: " + est.inference());
            }
        }
        return ExitCodes.OK;
    }

    /**
     * {@code prediction-<name>}, or {@code prediction-<name>-2}, -3, ... when that folder holds
     * something else than an earlier prediction of this same input (a/tom/frames, b/tom/frames).
     */
    static Path defaultOut(Path input) {
        String base = "prediction-" + stem(input);
        Path abs = input.toAbsolutePath().normalize();
        for (int i = 1; ; i++) {
            Path dir = Path.of(i == 1 ? base : base + "-" + i);
            if (!java.nio.file.Files.exists(dir)) {
                return dir;
            }
            Path json = dir.resolve("prediction.json");
            try {
                String earlier = Json.mapper().readTree(json.toFile()).path("input").path("path").asText(null);
                if (earlier != null && Path.of(earlier).toAbsolutePath().normalize().equals(abs)) {
                    return dir;
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not an earlier prediction: take the next name
            }
        }
    }

    private static String stem(Path p) {
        Path name = p.toAbsolutePath().normalize().getFileName();
        if (name == null) {
            throw new PlegdfException(ExitCodes.USAGE, p + ": give --out DIR");
        }
        String s = name.toString();
        if (s.equals("frames") && p.toAbsolutePath().normalize().getParent() != null
                && p.toAbsolutePath().normalize().getParent().getFileName() != null) {
            // preprocess output: <video>/frames reads better as the video's name
            s = p.toAbsolutePath().normalize().getParent().getFileName().toString();
        }
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
