package org.plegdf.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One row of predictions.csv / predictions.parquet: the outcome for one video.
 *
 * @param videoId the video's id
 * @param path the video file
 * @param status ok, no_face (too few frames with a usable face) or error (the video could not be read)
 * @param score the score on the model's rating scale; null unless ok
 * @param band the score's band; null unless ok
 * @param intervalLow the bootstrap interval's lower end; null unless ok
 * @param intervalHigh its upper end; null unless ok
 * @param framesUsed frames with a usable face that were scored; null unless ok
 * @param error why there is no score (no_face, error), or a problem writing the video's report; null otherwise
 * @param model the model's file or folder name
 * @param modelChecksum {@link ModelChecksum} of the model that made the row
 * @param processingSeconds the video's wall time on its executor
 * @param runId the run that wrote the row (kept in the part files only: it tells a retried task what its own run already finished)
 */
@JsonPropertyOrder({"video_id", "path", "status", "score", "band", "interval_low", "interval_high", "frames_used", "error", "model",
    "model_checksum", "processing_s", "run_id"})
public record PredictionRow(
        @JsonProperty("video_id") String videoId,
        @JsonProperty("path") String path,
        @JsonProperty("status") String status,
        @JsonProperty("score") Double score,
        @JsonProperty("band") String band,
        @JsonProperty("interval_low") Double intervalLow,
        @JsonProperty("interval_high") Double intervalHigh,
        @JsonProperty("frames_used") Integer framesUsed,
        @JsonProperty("error") String error,
        @JsonProperty("model") String model,
        @JsonProperty("model_checksum") String modelChecksum,
        @JsonProperty("processing_s") double processingSeconds,
        @JsonProperty("run_id") String runId) implements Serializable {

    public static final String OK = "ok";
    public static final String NO_FACE = "no_face";
    public static final String ERROR = "error";

    /** The table's columns, in order (run_id stays in the part files). */
    public static final List<String> COLUMNS = List.of("video_id", "path", "status", "score", "band", "interval_low", "interval_high",
            "frames_used", "error", "model", "model_checksum", "processing_s");

    /** @return whether a rerun keeps this row: scored, or no face (which rescoring with the same model repeats) */
    public boolean finished() {
        return OK.equals(status) || NO_FACE.equals(status);
    }

    /** @return the row's values in {@link #COLUMNS} order */
    public List<Object> values() {
        return java.util.Arrays.asList(videoId, path, status, score, band, intervalLow, intervalHigh, framesUsed, error, model,
                modelChecksum, processingSeconds);
    }

    /** @return the values as CSV text: numbers with 6 decimals (the table is for people and tools alike) */
    public List<String> csvValues() {
        return values().stream().map(v -> v == null ? "" : v instanceof Double d ? String.format(Locale.ROOT, "%.6f", d) : v.toString())
                .toList();
    }
}
