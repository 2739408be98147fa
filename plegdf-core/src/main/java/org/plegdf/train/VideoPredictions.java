package org.plegdf.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plegdf.data.VideoRecord;

/**
 * Collects frame-level predictions and turns them into video-level ones: a video's prediction is
 * the mean of its frames' predictions (architecture.md, "Task"). Not thread-safe: feed it from the
 * thread that reads the network's outputs.
 */
public final class VideoPredictions {
    private final Map<String, Acc> videos = new LinkedHashMap<>();

    /**
     * One video's result, shaped as a {@code per_video} entry of {@code metrics.json}.
     *
     * @param videoId the video
     * @param subjectId its subject
     * @param label its true score
     * @param prediction the mean of its frames' predictions
     * @param frames how many frames were scored
     */
    public record VideoResult(
            @JsonProperty("video_id") String videoId,
            @JsonProperty("subject_id") String subjectId,
            @JsonProperty("label") double label,
            @JsonProperty("prediction") double prediction,
            @JsonProperty("frames") int frames) {}

    private static final class Acc {
        final VideoRecord record;
        double sum;
        int count;

        Acc(VideoRecord record) {
            this.record = record;
        }
    }

    /**
     * Adds one frame's prediction.
     *
     * @param video the video the frame belongs to (must be labelled)
     * @param framePrediction the frame's predicted score, on the rating scale
     */
    public void add(VideoRecord video, double framePrediction) {
        if (!video.isLabelled()) {
            throw new IllegalArgumentException("video '" + video.videoId() + "' is unlabelled; it cannot be scored");
        }
        if (!Double.isFinite(framePrediction)) {
            throw new IllegalArgumentException("non-finite prediction for video '" + video.videoId() + "'");
        }
        Acc a = videos.computeIfAbsent(video.videoId(), k -> new Acc(video));
        a.sum += framePrediction;
        a.count++;
    }

    /** @return the number of videos with at least one frame */
    public int size() {
        return videos.size();
    }

    /** @return one result per video, in the order videos were first added */
    public List<VideoResult> results() {
        List<VideoResult> out = new ArrayList<>(videos.size());
        for (Acc a : videos.values()) {
            out.add(new VideoResult(a.record.videoId(), a.record.subjectId(), a.record.label(), a.sum / a.count, a.count));
        }
        return out;
    }

    /**
     * @param trainMean the mean of the training labels (the mean predictor's constant)
     * @return video-level metrics against the baseline
     */
    public Metrics metrics(double trainMean) {
        List<VideoResult> r = results();
        double[] y = new double[r.size()];
        double[] p = new double[r.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.get(i).label();
            p[i] = r.get(i).prediction();
        }
        return Metrics.of(y, p, trainMean);
    }
}
