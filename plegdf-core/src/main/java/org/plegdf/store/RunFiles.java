package org.plegdf.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.FileTrees;
import org.plegdf.util.PlegdfException;

/**
 * The layout of a training run folder, the one place its file names are written down:
 * {@code run_config.json} (the model and training settings, read back by {@code --resume}),
 * {@code run.json} (how the run was made), {@code history.csv}, {@code model/} (the best epoch's
 * model folder), {@code plots/}, {@code checkpoints/}, {@code result.json} (written when the run
 * finished) and the lock file of the process writing it.
 *
 * @param dir the run folder
 */
public record RunFiles(Path dir) {
    /** The run configuration file: the model and training settings the run was started with. */
    public static final String RUN_CONFIG = "run_config.json";
    /** How the run was made: versions, device, seed, data. */
    public static final String RUN_INFO = "run.json";
    /** What a finished run achieved; its presence marks the run finished. */
    public static final String RESULT = "result.json";
    /** The per-epoch record. */
    public static final String HISTORY = "history.csv";
    /** The best epoch's model folder. */
    public static final String MODEL = "model";
    /** Training curves and the dev scatter plot. */
    public static final String PLOTS = "plots";
    /** End-of-epoch checkpoints for {@code --resume}. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The test-split evaluation of ablation and demo runs. */
    public static final String TEST = "test";
    /** The lock file of the process writing the run ({@link RunLock}). */
    public static final String LOCK = RunLock.FILE;

    /**
     * @param path a run folder or a model folder
     * @return the run folder it is or sits in, when it is one (it holds a model folder, or the
     *     model folder's parent holds a run configuration)
     */
    public static Optional<RunFiles> around(Path path) {
        if (Files.isDirectory(path.resolve(MODEL))) {
            return Optional.of(new RunFiles(path));
        }
        Path parent = path.toAbsolutePath().normalize().getParent();
        if (parent != null && Files.isRegularFile(parent.resolve(RUN_CONFIG))) {
            return Optional.of(new RunFiles(parent));
        }
        return Optional.empty();
    }

    /** @return the run configuration file */
    public Path runConfig() {
        return dir.resolve(RUN_CONFIG);
    }

    /** @return run.json */
    public Path runInfo() {
        return dir.resolve(RUN_INFO);
    }

    /** @return result.json */
    public Path result() {
        return dir.resolve(RESULT);
    }

    /** @return history.csv */
    public Path history() {
        return dir.resolve(HISTORY);
    }

    /** @return the model folder */
    public Path modelDir() {
        return dir.resolve(MODEL);
    }

    /** @return the plots folder */
    public Path plots() {
        return dir.resolve(PLOTS);
    }

    /** @return the checkpoints folder */
    public Path checkpoints() {
        return dir.resolve(CHECKPOINTS);
    }

    /**
     * Removes what a training run writes (and nothing else), so the folder can take a new run.
     *
     * @throws PlegdfException OUTPUT_NOT_WRITABLE when something cannot be removed
     */
    public void clear() {
        for (String name : List.of(RESULT, RUN_CONFIG, RUN_INFO, HISTORY, MODEL, PLOTS, CHECKPOINTS, TEST)) {
            Path p = dir.resolve(name);
            try {
                FileTrees.deleteTree(p);
            } catch (IOException e) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, p + ": cannot remove: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A run folder holds a run or nothing: refuses to scatter a run among someone's files.
     *
     * @throws PlegdfException OUTPUT_NOT_WRITABLE when the folder exists, is not empty and holds
     *     no run configuration
     */
    public void refuseForeign() {
        refuseForeign(dir, runConfig(), "training run");
    }

    /**
     * An output folder holds what plegdf writes there or nothing.
     *
     * @param dir the output folder
     * @param marker the file whose presence shows it holds plegdf's output
     * @param what what it would hold, for the message ("training run", "cross-validation")
     * @throws PlegdfException OUTPUT_NOT_WRITABLE when the folder exists, is not empty and holds
     *     no marker
     */
    public static void refuseForeign(Path dir, Path marker, String what) {
        if (!Files.isDirectory(dir) || Files.isRegularFile(marker)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> other = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(LOCK)).sorted().limit(3).toList();
            if (!other.isEmpty()) {
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, dir + ": is not empty and holds no " + what + " ("
                        + String.join(", ", other) + (other.size() == 3 ? ", ..." : "") + "); give --out a new or empty folder");
            }
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, dir + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Removes the folder (and its lock file) when nothing else is left in it. */
    public void removeIfEmpty() {
        try {
            Files.deleteIfExists(dir.resolve(LOCK));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty after all, or not ours to remove: leave it
        }
    }

    /** @return whether the run finished (it has a result.json) */
    public boolean finished() {
        return Files.isRegularFile(result());
    }
}
