package org.plegdf.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.plegdf.model.PlegdfFglscfNet;
import org.plegdf.model.Safetensors;
import org.plegdf.model.StateDict;
import org.plegdf.model.TorchNames;
import org.plegdf.store.RunFiles;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.FileTrees;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * The end-of-epoch checkpoint that lets a killed run resume exactly: weights (with BatchNorm
 * statistics), the optimizer's moments and step counts, and the loop's state (epoch, schedule
 * position, best model so far, history). Randomness needs no saved state: every epoch's sampling,
 * augmentation and dropout streams are re-seeded from (seed, epoch).
 *
 * <p>Each checkpoint is written into a fresh folder {@code checkpoints/epoch-NNNN}, then the
 * pointer file {@code checkpoints/latest} is replaced atomically; only then are older folders
 * removed. A crash at any moment leaves the last complete checkpoint intact.
 */
public final class Checkpoint {
    private static final String WEIGHTS = "weights.safetensors";
    private static final String OPTIMIZER = "optimizer.safetensors";
    private static final String STATE = "state.json";
    private static final String AVERAGE = "average.safetensors";

    /**
     * The loop's state after an epoch.
     *
     * @param epoch epochs completed
     * @param globalStep optimizer steps taken (the schedule position)
     * @param bestEpoch epoch of the best dev RMSE so far (0 for none)
     * @param history the rows so far
     */
    public record State(
            @JsonProperty("epoch") int epoch,
            @JsonProperty("global_step") long globalStep,
            @JsonProperty("best_epoch") int bestEpoch,
            @JsonProperty("history") List<History.Row> history) {}

    private Checkpoint() {}

    /**
     * @param runDir the run folder
     * @param net the network
     * @param adam its optimizer
     * @param state the loop's state
     */
    public static void save(Path runDir, PlegdfFglscfNet net, PlegdfAdam adam, State state) {
        save(runDir, net, adam, null, state);
    }

    /**
     * @param runDir the run folder
     * @param net the network
     * @param adam its optimizer
     * @param average the weight average, or null when the run keeps none
     * @param state the loop's state
     */
    static void save(Path runDir, PlegdfFglscfNet net, PlegdfAdam adam, WeightAverage average, State state) {
        Path root = new RunFiles(runDir).checkpoints();
        String name = String.format("epoch-%04d", state.epoch());
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, "." + name + ".");
            Safetensors.write(tmp.resolve(WEIGHTS), StateDict.extract(net), Map.of("format", "plegdf-checkpoint"));
            Map<String, Safetensors.Tensor> opt = new LinkedHashMap<>();
            adam.exportState(idToName(net)).forEach((k, v) -> opt.put(k, new Safetensors.Tensor("F32", new long[] {v.length}, v)));
            Safetensors.write(tmp.resolve(OPTIMIZER), opt, Map.of());
            if (average != null) {
                Safetensors.write(tmp.resolve(AVERAGE), average.export(), Map.of());
            }
            Json.write(tmp.resolve(STATE), state);
            FileTrees.deleteTree(dir); // a leftover from a crash after this epoch's rename but before the pointer
            Files.move(tmp, dir);
            AtomicFiles.write(root.resolve("latest"), name.getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> old = Files.list(root)) {
                for (Path p : old.filter(p -> Files.isDirectory(p) && !p.equals(dir)).toList()) {
                    FileTrees.deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, "cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param runDir the run folder
     * @return the folder of the last complete checkpoint, if any
     */
    public static java.util.Optional<Path> latest(Path runDir) {
        Path root = new RunFiles(runDir).checkpoints();
        Path pointer = root.resolve("latest");
        if (!Files.isRegularFile(pointer)) {
            return java.util.Optional.empty();
        }
        try {
            Path dir = root.resolve(Files.readString(pointer, StandardCharsets.UTF_8).strip());
            return Files.isRegularFile(dir.resolve(STATE)) ? java.util.Optional.of(dir) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, pointer + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * @param dir a checkpoint folder
     * @return its loop state (epochs done, best epoch, history), without touching any network
     */
    public static State readState(Path dir) {
        return Json.read(dir.resolve(STATE), State.class, ExitCodes.BAD_MODEL);
    }

    /**
     * Restores weights and optimizer state into an initialised network and optimizer.
     *
     * @param dir a checkpoint folder
     * @param net the network, built from the run's configuration
     * @param adam the optimizer
     * @return the loop's state
     */
    public static State restore(Path dir, PlegdfFglscfNet net, PlegdfAdam adam) {
        StateDict.LoadReport r = StateDict.load(net, Safetensors.read(dir.resolve(WEIGHTS)).tensors(), n -> false);
        if (!r.isExact()) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, dir.resolve(WEIGHTS) + ": does not match the run's configuration: " + r.problems());
        }
        Map<String, float[]> opt = new HashMap<>();
        Safetensors.read(dir.resolve(OPTIMIZER)).tensors().forEach((k, t) -> opt.put(k, t.values()));
        Map<String, NDArray> weights = new HashMap<>();
        for (Parameter p : TorchNames.of(net).values()) {
            weights.put(p.getId(), p.getArray());
        }
        adam.importState(opt, weights, idToName(net));
        return Json.read(dir.resolve(STATE), State.class, ExitCodes.BAD_MODEL);
    }

    /**
     * Restores the weight average a checkpoint saved.
     *
     * @param dir a checkpoint folder
     * @param average the run's weight average, to overwrite
     */
    static void restoreAverage(Path dir, WeightAverage average) {
        Path file = dir.resolve(AVERAGE);
        if (!Files.isRegularFile(file)) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, dir + ": this checkpoint keeps no weight average, but the run's weight_ema asks for one");
        }
        average.restore(Safetensors.read(file).tensors());
    }

    private static Map<String, String> idToName(PlegdfFglscfNet net) {
        Map<String, String> out = new HashMap<>();
        TorchNames.of(net).forEach((name, p) -> out.put(p.getId(), name));
        return out;
    }

}
