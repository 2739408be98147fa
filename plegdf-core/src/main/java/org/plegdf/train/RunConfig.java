package org.plegdf.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.plegdf.model.ModelConfig;
import org.plegdf.store.RunFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * The file {@code train --config} reads: the network and the training settings, each section
 * optional (defaults fill what is absent). See docs/configuration.md.
 */
public final class RunConfig {
    /** Settings that may change between a run and its resumption: where it runs, not what it computes. */
    private static final Set<String> RUNTIME = Set.of("training.device", "training.workers");

    /** The network. */
    @JsonProperty("model")
    public ModelConfig model = new ModelConfig();

    /** The training settings. */
    @JsonProperty("training")
    public TrainConfig training = new TrainConfig();

    /**
     * Reads a run folder's configuration, for {@code --resume}.
     *
     * @param run the run folder
     * @return its model and training settings
     * @throws PlegdfException BAD_MODEL when the folder is not a training run
     */
    public static RunConfig of(RunFiles run) {
        if (!Files.isRegularFile(run.runConfig())) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, run.dir() + ": not a training run folder (no " + RunFiles.RUN_CONFIG + ")");
        }
        // A run folder records every setting its plegdf had; one that predates a setting ran
        // without it, so an absent key takes the value that plegdf used, not today's default.
        RunConfig before = new RunConfig();
        before.training = TrainConfig.beforeRecipeSettings();
        return read(run.runConfig(), before);
    }

    /**
     * What differs between this (recorded) configuration and another (asked for), ignoring what
     * may change between a run and its resumption (device, workers).
     *
     * @param asked the configuration asked for now
     * @return one entry per differing setting, "section.key: X recorded, Y asked"; empty when equal
     */
    public List<String> differences(RunConfig asked) {
        List<String> out = new ArrayList<>();
        compare("model", Json.mapper().valueToTree(model), Json.mapper().valueToTree(asked.model), out);
        compare("training", Json.mapper().valueToTree(training), Json.mapper().valueToTree(asked.training), out);
        return out;
    }

    private static void compare(String section, JsonNode recorded, JsonNode asked, List<String> out) {
        Set<String> keys = new TreeSet<>();
        recorded.fieldNames().forEachRemaining(keys::add);
        asked.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            if (RUNTIME.contains(section + "." + k)) {
                continue;
            }
            JsonNode r = recorded.path(k);
            JsonNode a = asked.path(k);
            // A setting the run's plegdf did not record yet is not a difference.
            if (!r.equals(a) && !r.isMissingNode() && !r.isNull()) {
                out.add(section + "." + k + ": " + compact(r) + " recorded, " + compact(a) + " asked");
            }
        }
    }

    private static String compact(JsonNode n) {
        String s = n.isMissingNode() ? "absent" : n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /**
     * Reads a configuration file over a base: the keys the file sets replace the base's, the others
     * keep the base's values (so a file with only a {@code training} section keeps the base network).
     *
     * @param file the JSON file
     * @param base the configuration under it
     * @return the validated configuration
     */
    public static RunConfig read(Path file, RunConfig base) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            // The plain reader names the problem (missing file, bad JSON) as for any configuration.
            return read(file);
        }
        ObjectNode merged = Json.mapper().valueToTree(base);
        if (tree != null && tree.isObject()) {
            tree.fields().forEachRemaining(section -> {
                if (section.getValue().isObject() && merged.get(section.getKey()) instanceof ObjectNode under) {
                    under.setAll((ObjectNode) section.getValue());
                } else {
                    merged.set(section.getKey(), section.getValue());
                }
            });
        }
        RunConfig c;
        try {
            c = Json.mapper().treeToValue(merged, RunConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new PlegdfException(ExitCodes.BAD_CONFIG, file + ": not valid RunConfig JSON: " + msg, e);
        }
        return validated(c, file);
    }

    /**
     * @param file the JSON file
     * @return the validated configuration
     */
    public static RunConfig read(Path file) {
        return validated(Json.read(file, RunConfig.class, ExitCodes.BAD_CONFIG), file);
    }

    private static RunConfig validated(RunConfig c, Path file) {
        try {
            c.model.validate();
            c.training.validate();
        } catch (PlegdfException e) {
            throw new PlegdfException(e.exitCode(), file + ": " + e.getMessage(), e);
        }
        return c;
    }
}
