package org.plegdf.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.synth.SynthOptions;
import org.plegdf.synth.SyntheticDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plegdf synth}: writes the synthetic benchmark as a dataset (docs/synth.md). */
@Command(name = "synth", description = {
    "Write a synthetic benchmark dataset: rendered face videos whose depression cues grow with a BDI-II score.",
    "Same options and seed, same bytes. Format: docs/data-format.md; what is rendered: docs/synth.md."})
public final class SynthCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Dataset folder to write (new, empty, or an earlier synth output).")
    Path out;

    @Option(names = "--subjects", defaultValue = "" + SynthOptions.DEFAULT_SUBJECTS,
            description = "Subjects, split 50/25/25 into train/dev/test (default: ${DEFAULT-VALUE}).")
    int subjects;

    @Option(names = "--videos-per-subject", defaultValue = "" + SynthOptions.DEFAULT_VIDEOS_PER_SUBJECT,
            description = "Recordings per subject, each at its own score (default: ${DEFAULT-VALUE}).")
    int videosPerSubject;

    @Option(names = "--frames", defaultValue = "" + SynthOptions.DEFAULT_FRAMES, description = "Frames per video (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--size", defaultValue = "" + SynthOptions.DEFAULT_SIZE, description = "Face crop side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seed", defaultValue = "" + SynthOptions.DEFAULT_SEED, description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Rendering threads (default: the number of cores); the output does not depend on it.")
    Integer threads;

    @Option(names = "--no-progress", description = "Do not show the progress bar.")
    boolean noProgress;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SynthOptions options;
        try {
            options = new SynthOptions(subjects, videosPerSubject, frames, size, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, got " + n);
        }
        SyntheticDataset.Result r = SyntheticDataset.write(out, options, n, !noProgress);
        Manifest m = ManifestReader.read(r.manifest());
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d videos, %d frames (%.1f MB) in %.1f s: %s%n",
                r.videos(), r.frames(), r.bytes() / 1e6, r.seconds(), m.summary());
        spec.commandLine().getOut().printf("manifest: %s%n", r.manifest());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
