package org.plegdf.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One frame's score.
 *
 * @param frame the frame's index in the video (for a frame folder: the number in the file name,
 *     else its position; 0 for a single image)
 * @param time its time in seconds, or null when unknown (frame folders without faces.csv)
 * @param score the network's score for this frame, on the rating scale
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FrameScore(@JsonProperty("frame") long frame, @JsonProperty("time") Double time, @JsonProperty("score") double score) {}
