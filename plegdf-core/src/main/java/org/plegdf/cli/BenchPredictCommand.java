package org.plegdf.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.model.ModelConfig;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.store.ModelSource;
import org.plegdf.predict.PredictOptions;
import org.plegdf.predict.PredictionBenchmark;
import org.plegdf.preprocess.PhotoVideo;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code plegdf bench-predict}: how fast predict is on this machine (docs/benchmarks.md, "Prediction speed"). */
@Command(name = "bench-predict", description = "Measure prediction speed: network throughput on aligned frames (batched and single) "
        + "and a whole video end to end. Without --model, an untrained CPU demo model (same cost as a trained one).")
public final class BenchPredictCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "A run folder, model folder or bundle (default: the CPU demo configuration, untrained).")
    Path model;

    @Option(names = "--config", description = "Without --model: time an untrained model of this configuration JSON instead of the CPU demo one"
            + " (e.g. {\"backbone\": \"resnet50\", \"input_size\": 224} for the paper-sized network).")
    Path config;

    @Option(names = "--video", description = "The video to time end to end.")
    Path video;

    @Option(names = "--photo", description = "Without --video: make a demo video from this face photo (as plegdf demo-video does).")
    Path photo;

    @Option(names = "--seconds", defaultValue = "300", description = "Length of the demo video made from --photo (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size of the batched throughput (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--throughput-seconds", defaultValue = "20", description = "Time spent on each throughput measurement (default: ${DEFAULT-VALUE}).")
    double throughputSeconds;

    @Option(names = "--work", defaultValue = "bench-predict", description = "Folder for the demo model, video, report and bench.json (default: ${DEFAULT-VALUE}).")
    Path work;

    @CommandLine.Mixin DeviceOption deviceOption;

    @CommandLine.Mixin PrecisionOption precisionOption;

    /** What bench.json holds. */
    record Result(@JsonProperty("model") String model, @JsonProperty("device") String device, @JsonProperty("precision") String precision,
            @JsonProperty("inference") String inference, @JsonProperty("cores") int cores,
            @JsonProperty("load_average_before") double loadBefore, @JsonProperty("load_average_after") double loadAfter,
            @JsonProperty("throughput") List<PredictionBenchmark.Throughput> throughput,
            @JsonProperty("end_to_end") PredictionBenchmark.EndToEnd endToEnd, @JsonProperty("peak_rss_mib") long peakRssMib) {}

    @Override
    public Integer call() throws Exception {
        // Inputs first: nothing is built (demo model, video) for a run that cannot start.
        if (video == null && photo == null) {
            throw new PlegdfException(ExitCodes.USAGE, "bench-predict needs --video FILE or --photo FILE (to make a demo video)");
        }
        if (video != null && !Files.isRegularFile(video)) {
            throw new PlegdfException(ExitCodes.BAD_VIDEO, video + ": video not found (--video)");
        }
        if (video == null && !Files.isRegularFile(photo)) {
            throw new PlegdfException(ExitCodes.BAD_IMAGE, photo + ": photo not found (--photo)");
        }
        if (model != null) {
            ModelSource.of(model);
        }
        Files.createDirectories(work);
        Path v = video;
        if (v == null) {
            v = work.resolve(String.format(Locale.ROOT, "demo-%.0fs.mp4", seconds));
            if (!Files.isRegularFile(v)) {
                System.err.printf("making %s (%.0f s of 640x480 video) ...%n", v, seconds);
                try {
                    PhotoVideo.record(photo, v, (int) Math.round(seconds * PhotoVideo.FPS), 0.5 * 0.85, 0.5 * 1.15, 80, 0);
                } catch (IllegalStateException e) {
                    Files.deleteIfExists(v);
                    throw new PlegdfException(ExitCodes.BAD_IMAGE, photo + ": cannot read the photo (--photo)", e);
                }
            }
        }
        Path m = model != null ? model
                : config != null ? PredictionBenchmark.untrainedModel(work.resolve("untrained-model"), ModelConfig.read(config))
                : PredictionBenchmark.demoModel(work.resolve("demo-model"));
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<PredictionBenchmark.Throughput> tp = new ArrayList<>();
        PredictionBenchmark.EndToEnd e2e;
        String dev;
        String inference;
        String precision;
        try (DepressionEstimator est = DepressionEstimator.load(m, PredictOptions.defaults().withProgress(true), deviceOption.device(),
                precisionOption.precision())) {
            dev = deviceOption.device();
            inference = est.inference();
            precision = est.precision().id();
            out().println("inference: " + inference);
            for (int b : new int[] {batch, 1}) {
                PredictionBenchmark.Throughput t = PredictionBenchmark.throughput(est, b, throughputSeconds);
                out().println(PredictionBenchmark.line(t));
                tp.add(t);
            }
            e2e = PredictionBenchmark.endToEnd(est, v, work.resolve("report"));
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        out().printf(Locale.ROOT, "video %s: %.0f s of video, %d frames analysed, %d with a face: %.1f s end to end (%.2f x real time); "
                + "saliency + report %.1f s%n", e2e.video(), e2e.videoSeconds(), e2e.framesAnalysed(), e2e.framesUsed(), e2e.seconds(),
                e2e.realTimeFactor(), e2e.reportSeconds());
        long rss = peakRssMib();
        out().printf(Locale.ROOT, "%d cores, load average %.1f before, %.1f after; peak resident memory %d MiB%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, rss);
        Json.write(work.resolve("bench.json"), new Result(m.toString(), dev, precision, inference, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, tp, e2e, rss));
        return ExitCodes.OK;
    }

    /** Peak resident set size of this process (Linux), or -1 where /proc is not there. */
    private static long peakRssMib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Where the command's output goes (picocli's, so a caller can capture it). */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
