package org.plegdf.predict;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Locale;
import org.plegdf.model.MeanPredictorCheck;
import org.plegdf.model.RatingScale;
import org.plegdf.util.Json;

/**
 * One prediction: the score on the model's rating scale, its band, a bootstrap interval over
 * frames, the per-frame scores and the FGLSCF region weights. Immutable; serialises to the
 * {@code prediction.json} schema (docs/predict.md). The sampled face crops are kept for the
 * report only and never serialised.
 *
 * @param score the mean of the frame scores, on the rating scale
 * @param scale the rating scale
 * @param band the band the score falls in (the scale's own band names)
 * @param interval the bootstrap interval over frames; holds the score
 * @param intervalLevel its coverage, e.g. 0.9
 * @param framesUsed frames with a usable face that were scored
 * @param framesWithoutFace analysed frames without a usable face (not scored)
 * @param perFrame one entry per scored frame, in time order
 * @param regions mean FGLSCF region weights; empty for ablations without FGLSCF
 * @param input what was analysed
 * @param model which model made the prediction
 * @param plegdfVersion the plegdf that made the prediction
 * @param faces up to 16 scored face crops spread over the input (for the report; not serialised)
 */
@JsonPropertyOrder({"score", "scale", "band", "interval", "interval_level", "frames_used", "frames_without_face", "per_frame", "regions",
    "input", "model", "plegdf_version"})
public record Prediction(
        @JsonProperty("score") double score,
        @JsonProperty("scale") Scale scale,
        @JsonProperty("band") String band,
        @JsonProperty("interval") Interval interval,
        @JsonProperty("interval_level") double intervalLevel,
        @JsonProperty("frames_used") int framesUsed,
        @JsonProperty("frames_without_face") int framesWithoutFace,
        @JsonProperty("per_frame") List<FrameScore> perFrame,
        @JsonProperty("regions") List<RegionWeight> regions,
        @JsonProperty("input") Input input,
        @JsonProperty("model") ModelInfo model,
        @JsonProperty("plegdf_version") String plegdfVersion,
        @JsonIgnore List<SampledFace> faces) {

    /** Makes the lists unmodifiable. */
    public Prediction {
        perFrame = List.copyOf(perFrame);
        regions = List.copyOf(regions);
        faces = List.copyOf(faces);
    }

    /**
     * The rating scale, as prediction.json carries it.
     *
     * @param name e.g. BDI-II
     * @param max its maximum score
     * @param bands its severity bands
     */
    public record Scale(@JsonProperty("name") String name, @JsonProperty("max") double max,
            @JsonProperty("bands") List<RatingScale.Band> bands) {
        /**
         * @param s a rating scale
         * @return its description
         */
        static Scale of(RatingScale s) {
            return new Scale(s.name(), s.max(), List.copyOf(s.bands()));
        }

        /** @return the rating scale this describes (its bands, band lookup) */
        @JsonIgnore
        public RatingScale ratingScale() {
            return new RatingScale(name, max, bands);
        }
    }

    /**
     * What was analysed.
     *
     * @param kind video, frames or image
     * @param path the file or folder, or null for an in-memory image
     * @param framesAnalysed frames looked at for a face (for a video: every frame_step-th frame)
     * @param frameStep one video frame in this many was analysed (1 for frames and images)
     * @param durationSeconds the video's length as far as it was read, or null
     * @param processingSeconds wall time of the prediction (decoding, faces, network)
     * @param warnings problems with the input that did not stop the prediction (e.g. a video that
     *     looks truncated), one line each; empty when none
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Input(@JsonProperty("kind") String kind, @JsonProperty("path") String path,
            @JsonProperty("frames_analysed") long framesAnalysed, @JsonProperty("frame_step") int frameStep,
            @JsonProperty("duration_s") Double durationSeconds, @JsonProperty("processing_s") double processingSeconds,
            @JsonProperty("warnings") List<String> warnings) {

        /** An absent list (prediction.json written before warnings existed) reads as none. */
        public Input {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /**
     * Which model made the prediction.
     *
     * @param source the --model path
     * @param kind run, model-folder or bundle
     * @param backbone the backbone
     * @param ablation the ablation
     * @param inputSize the face crop side the network takes
     * @param regions the region grid side R
     * @param formatVersion the model's configuration format version
     * @param madeBy the plegdf version that wrote the bundle, or null when unknown
     * @param devRmse the video-level RMSE the model reached on its dev videos, or null when unknown
     * @param preprocessing how video frames were turned into crops (from the model's configuration)
     * @param devMeanPredictorRmse the RMSE of always predicting the training labels' mean on the same
     *     dev videos, or null when unknown: a model is only worth its score when devRmse is below it
     * @param trainedOn the data the model was trained on (name and scale), or null when unknown
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ModelInfo(@JsonProperty("source") String source, @JsonProperty("kind") String kind,
            @JsonProperty("backbone") String backbone, @JsonProperty("ablation") String ablation,
            @JsonProperty("input_size") int inputSize, @JsonProperty("regions") int regions,
            @JsonProperty("format_version") int formatVersion, @JsonProperty("made_by") String madeBy,
            @JsonProperty("dev_rmse") Double devRmse,
            @JsonProperty("preprocessing") Preprocessing preprocessing,
            @JsonProperty("dev_mean_predictor_rmse") Double devMeanPredictorRmse,
            @JsonProperty("trained_on") String trainedOn) {

        /** @return whether the model's dev RMSE is known to be no better than the mean predictor's */
        @JsonIgnore
        public boolean worseThanGuessing() {
            return MeanPredictorCheck.of(devRmse, devMeanPredictorRmse).map(c -> !c.beaten()).orElse(false);
        }
    }

    /**
     * How video frames were turned into crops, as the model's configuration records it.
     *
     * @param frameStep one frame in this many analysed
     * @param detector the face detector
     * @param minFace smallest face, fraction of the frame's shorter side
     * @param cropSize side of the aligned crop in pixels
     * @param source where the settings came from (the training data's preprocess-summary.json, or defaults)
     */
    public record Preprocessing(@JsonProperty("frame_step") int frameStep, @JsonProperty("detector") String detector,
            @JsonProperty("min_face") double minFace, @JsonProperty("crop_size") int cropSize, @JsonProperty("source") String source) {}

    /** @return the per-frame scores as an array, in time order */
    public double[] frameScores() {
        return perFrame.stream().mapToDouble(FrameScore::score).toArray();
    }

    /** @return the prediction.json text */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a prediction", e);
        }
    }

    /**
     * @return one line for people: score, band, interval and frames used
     */
    public String summaryLine() {
        return String.format(Locale.ROOT, "%s %.1f / %.0f (%s), %.0f%% interval %.1f-%.1f, %d frame%s used%s",
                scale.name(), score, scale.max(), band, intervalLevel * 100, interval.lo(), interval.hi(), framesUsed,
                framesUsed == 1 ? "" : "s", framesWithoutFace > 0 ? " (" + framesWithoutFace + " without a usable face)" : "");
    }
}
