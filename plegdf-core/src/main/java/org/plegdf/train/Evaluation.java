package org.plegdf.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plegdf.data.DatasetInfo;
import org.plegdf.data.Manifest;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.Engines;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.report.Plots;
import org.plegdf.store.ModelSource;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.NanAsNull;
import org.plegdf.util.PlegdfException;

/**
 * Video-level evaluation of a trained model on one split of a dataset, against the mean predictor
 * (the training labels' mean). Writes {@code metrics.json} and a predicted-vs-true scatter plot.
 */
public final class Evaluation {

    /**
     * The mean predictor's errors.
     *
     * @param value the constant it predicts (training labels' mean)
     * @param rmse its RMSE
     * @param mae its MAE
     */
    public record Baseline(@JsonProperty("value") double value, @JsonProperty("rmse") double rmse, @JsonProperty("mae") double mae) {}

    /**
     * The content of metrics.json.
     *
     * @param split the split evaluated
     * @param scale the rating scale's name
     * @param videos labelled videos scored
     * @param rmse video-level RMSE
     * @param mae video-level MAE
     * @param pcc Pearson's r (NaN when undefined; null in JSON)
     * @param ccc Lin's concordance (NaN when undefined; null in JSON)
     * @param baseline the mean predictor's figures
     * @param unlabelledExcluded videos of the split without a label (not in the metrics)
     * @param perVideo per-video predictions
     */
    public record Report(
            @JsonProperty("split") String split,
            @JsonProperty("scale") String scale,
            @JsonProperty("videos") int videos,
            @JsonProperty("rmse") double rmse,
            @JsonProperty("mae") double mae,
            @JsonProperty("pcc") @JsonSerialize(using = NanAsNull.Writer.class) double pcc,
            @JsonProperty("ccc") @JsonSerialize(using = NanAsNull.Writer.class) double ccc,
            @JsonProperty("baseline") Baseline baseline,
            @JsonProperty("unlabelled_excluded") int unlabelledExcluded,
            @JsonProperty("per_video") List<VideoPredictions.VideoResult> perVideo) {}

    /** The metrics file an evaluation writes into its output folder. */
    public static final String METRICS = "metrics.json";

    private Evaluation() {}

    /**
     * @param run the trained run (or model folder)
     * @param data the dataset
     * @param split the split to evaluate
     * @param outDir where metrics.json and scatter.png go
     * @param device device name (auto, cpu, gpu)
     * @return the report (also written)
     */
    public static Report run(RunFolder run, Manifest data, Split split, Path outDir, String device) {
        List<VideoRecord> all = data.split(split);
        List<VideoRecord> videos = data.labelled(split);
        if (videos.isEmpty()) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, data.file() + ": no labelled "
                    + split.id() + " videos to evaluate (" + all.size() + " unlabelled)");
        }
        if (data.labelled(Split.TRAIN).isEmpty()) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, data.file() + ": no labelled train videos, so there is no mean-predictor baseline");
        }
        Device dev = Engines.device(device);
        TrainConfig tc = run.trainConfig();
        try (NDManager manager = NDManager.newBaseManager(dev)) {
            PlegdfFglscfNet net = ModelSource.of(run.modelDir()).load(manager).net();
            Optional<DatasetInfo> info = DatasetInfo.find(data.file());
            if (info.isPresent() && !info.get().scale().name().equals(net.config().scale.name())) {
                throw new PlegdfException(ExitCodes.BAD_DATASET, data.file() + ": the labels are on " + info.get().scale().name() + " (its "
                        + DatasetInfo.FILE_NAME + ") but the model predicts " + net.config().scale.name() + "; evaluate it on data of its own scale");
            }
            if (net.config().scale.max() != data.scaleMax()) {
                throw new PlegdfException(ExitCodes.BAD_DATASET, data.file() + ": read with scale max " + data.scaleMax()
                        + " but the model predicts " + net.config().scale.name() + " (max " + net.config().scale.max() + ")");
            }
            VideoScorer scorer = new VideoScorer(net, manager, 32, tc.effectiveWorkers());
            List<VideoScorer.Scored> scored = scorer.score(new FrameSampling(data, tc).scoringFrames(videos),
                    "scoring " + split.id());
            VideoPredictions vp = new VideoPredictions();
            List<VideoPredictions.VideoResult> per = new ArrayList<>();
            for (int i = 0; i < videos.size(); i++) {
                VideoRecord r = videos.get(i);
                VideoScorer.Scored s = scored.get(i);
                per.add(new VideoPredictions.VideoResult(r.videoId(), r.subjectId(), r.label(), s.score(), s.frames()));
            }
            double[] labels = per.stream().mapToDouble(VideoPredictions.VideoResult::label).toArray();
            double[] preds = per.stream().mapToDouble(VideoPredictions.VideoResult::prediction).toArray();
            Metrics m = Metrics.of(labels, preds, data.trainMean());
            String splitName = split.id();
            Report report = new Report(splitName, net.config().scale.name(), m.n(), m.rmse(), m.mae(), m.pcc(), m.ccc(),
                    new Baseline(m.baselineValue(), m.baselineRmse(), m.baselineMae()), all.size() - videos.size(), per);
            Json.write(outDir.resolve(METRICS), report);
            Plots.scatter(outDir.resolve("scatter.png"), "Predicted vs true, " + splitName + " videos", labels, preds,
                    net.config().scale.max(), net.config().scale.name());
            return report;
        }
    }
}
