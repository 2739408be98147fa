package org.plegdf.preprocess;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.plegdf.face.CropRecipe;
import org.plegdf.util.Json;

/**
 * What a finished video was made with; stored in its completion marker so that a re-run with other
 * settings redoes the video instead of mixing crops, and in the run's summary, from which training
 * carries the recipe into the model.
 *
 * @param recipe how the crops were made
 * @param maxFrames limit on analysed frames (0 = none)
 */
public record PreprocessSettings(@JsonProperty("recipe") CropRecipe recipe, @JsonProperty("max_frames") long maxFrames) {

    /**
     * Reads the settings, also in the flat form of older markers and summaries
     * ({@code size, every, maxFrames, detector, minFace}), so their videos are not redone.
     *
     * @param n the JSON object
     * @return the settings
     * @throws JsonProcessingException when it is neither form
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PreprocessSettings fromJson(JsonNode n) throws JsonProcessingException {
        if (n.has("recipe")) {
            return new PreprocessSettings(Json.mapper().treeToValue(n.get("recipe"), CropRecipe.class), n.path("max_frames").asLong(0));
        }
        ObjectNode flat = n.deepCopy();
        long maxFrames = flat.path("maxFrames").asLong(0);
        flat.remove("maxFrames");
        return new PreprocessSettings(Json.mapper().treeToValue(flat, CropRecipe.class), maxFrames);
    }
}
