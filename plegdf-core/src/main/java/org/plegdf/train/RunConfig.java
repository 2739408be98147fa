package org.plegdf.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import org.plegdf.model.ModelConfig;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * The file {@code train --config} reads: the network and the training settings, each section
 * optional (defaults fill what is absent). See docs/configuration.md.
 */
public final class RunConfig {
    /** The network. */
    @JsonProperty("model")
    public ModelConfig model = new ModelConfig();

    /** The training settings. */
    @JsonProperty("training")
    public TrainConfig training = new TrainConfig();

    /**
     * @param file the JSON file
     * @return the validated configuration
     */
    public static RunConfig read(Path file) {
        RunConfig c = Json.read(file, RunConfig.class, ExitCodes.BAD_CONFIG);
        try {
            c.model.validate();
            c.training.validate();
        } catch (PlegdfException e) {
            throw new PlegdfException(e.exitCode(), file + ": " + e.getMessage(), e);
        }
        return c;
    }
}
