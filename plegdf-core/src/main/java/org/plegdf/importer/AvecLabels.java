package org.plegdf.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.plegdf.data.Split;
import org.plegdf.model.RatingScale;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * The AVEC label files ({@code <subject>_<session>_Depression.csv}) found under the root and the
 * labels folder, one score per recording. The same recording's label may lie in several places (a
 * copy per task folder, or in both trees); that is fine when the copies agree.
 */
final class AvecLabels {
    /**
     * One recording's label.
     *
     * @param recording {@code <subject>_<session>}
     * @param score the score
     * @param file the label file
     * @param split the split its folders name, or empty
     */
    record Label(String recording, double score, Path file, Optional<Split> split) {}

    private final Map<String, Label> byRecording = new TreeMap<>();
    private final Set<String> taken = new HashSet<>();

    private AvecLabels() {}

    /**
     * Reads every label file the scans found.
     *
     * @param scans the searched trees (a file found by two of them is read once)
     * @param scale the scale scores must lie on
     * @return the labels by recording
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} for a file that cannot be parsed, or two
     *     files of one recording that disagree on the score or the split
     */
    static AvecLabels collect(List<TreeScan> scans, RatingScale scale) {
        AvecLabels labels = new AvecLabels();
        Set<Path> seen = new HashSet<>();
        for (TreeScan scan : scans) {
            for (TreeScan.Entry e : scan.labelFiles()) {
                if (!seen.add(realPath(e.path()))) {
                    continue;
                }
                String recording = AvecName.labelRecording(e.path().getFileName().toString()).orElseThrow();
                LabelFile.Score s = LabelFile.read(e.path(), scale);
                labels.add(new Label(recording, s.value(), e.path(), SplitNames.ofFolders(scan.root(), e.relative())));
            }
        }
        return labels;
    }

    private void add(Label l) {
        Label prev = byRecording.get(l.recording());
        if (prev == null) {
            byRecording.put(l.recording(), l);
            return;
        }
        if (prev.score() != l.score()) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, l.file() + ": score " + Scores.format(l.score()) + " but "
                    + prev.file() + " gives " + Scores.format(prev.score()) + " for the same recording " + l.recording());
        }
        if (prev.split().isPresent() && l.split().isPresent() && prev.split().get() != l.split().get()) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, l.file() + ": in split " + l.split().get().id() + " but "
                    + prev.file() + ", a label of the same recording " + l.recording() + ", is in split " + prev.split().get().id());
        }
        if (prev.split().isEmpty() && l.split().isPresent()) {
            byRecording.put(l.recording(), l); // keep the copy that says which split it belongs to
        }
    }

    /** @return true when no label file was found */
    boolean isEmpty() {
        return byRecording.isEmpty();
    }

    /**
     * @param recording {@code <subject>_<session>}
     * @return its label, marked as paired, or empty when there is none
     */
    Optional<Label> take(String recording) {
        Label l = byRecording.get(recording);
        if (l != null) {
            taken.add(recording);
        }
        return Optional.ofNullable(l);
    }

    /** @return the labels no video was paired with, by recording */
    List<Label> untaken() {
        List<Label> out = new ArrayList<>();
        byRecording.forEach((r, l) -> {
            if (!taken.contains(r)) {
                out.add(l);
            }
        });
        return out;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
