package org.plegdf.train;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Instant;
import org.plegdf.model.Engines;
import org.plegdf.model.ModelConfig;
import org.plegdf.store.RunFiles;
import org.plegdf.util.BuildInfo;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;

/**
 * Everything needed to tell how a run was made: code version, engine and its version, device, seed,
 * the configurations and the data. Written as {@code run.json} in every run folder.
 *
 * @param plegdfVersion plegdf's version
 * @param gitCommit the commit plegdf was built from ("unknown" outside a git checkout)
 * @param engine the deep-learning engine and version
 * @param djlVersion DJL's version
 * @param device the device trained on
 * @param seed the run's seed
 * @param java the Java runtime
 * @param os the operating system and architecture
 * @param data the manifest trained on
 * @param started when the run started
 * @param model the model configuration
 * @param training the training configuration
 */
public record RunInfo(
        @JsonProperty("plegdf_version") String plegdfVersion,
        @JsonProperty("git_commit") String gitCommit,
        @JsonProperty("engine") String engine,
        @JsonProperty("djl_version") String djlVersion,
        @JsonProperty("device") String device,
        @JsonProperty("seed") long seed,
        @JsonProperty("java") String java,
        @JsonProperty("os") String os,
        @JsonProperty("data") String data,
        @JsonProperty("started") String started,
        @JsonProperty("model") ModelConfig model,
        @JsonProperty("training") TrainConfig training) {

    /**
     * @param run a run folder
     * @return its run.json
     * @throws org.plegdf.util.PlegdfException BAD_MODEL when it is missing or unreadable
     */
    public static RunInfo read(RunFiles run) {
        return Json.read(run.runInfo(), RunInfo.class, ExitCodes.BAD_MODEL);
    }

    /**
     * @param cfg the training settings
     * @param model the network configuration
     * @param manifest the data
     * @return the description of this run
     */
    public static RunInfo capture(TrainConfig cfg, ModelConfig model, Path manifest) {
        Engine e = Engines.engine();
        return new RunInfo(
                BuildInfo.version(),
                BuildInfo.gitCommit(),
                e.getEngineName() + " " + e.getVersion(),
                Engine.getDjlVersion(),
                devices(cfg.device),
                cfg.seed,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                manifest.toAbsolutePath().toString(),
                Instant.now().toString(),
                model,
                cfg);
    }

    /** One device as "cpu()" or "gpu(0)", as before; a data-parallel list as "gpu(0),gpu(1)". */
    private static String devices(String spec) {
        return String.join(",", Engines.devices(spec).stream().map(Object::toString).toList());
    }
}
