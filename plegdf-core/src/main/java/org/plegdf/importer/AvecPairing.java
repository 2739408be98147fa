package org.plegdf.importer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.plegdf.data.FrameFolder;
import org.plegdf.data.Split;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Groups media named {@code <subject>_<session>_...} into recordings and pairs each with its AVEC
 * label file. A recording's split is the one its videos' folders name, or else its label's; when
 * both name one they must agree.
 */
final class AvecPairing {
    /**
     * A video or frame folder waiting to be paired.
     *
     * @param name its parsed AVEC name
     * @param video the video
     * @param split the split its folders name, or empty
     */
    record Candidate(AvecName name, FoundVideo video, Optional<Split> split) {}

    private AvecPairing() {}

    /**
     * @param candidates the media
     * @param labels the label files found (marked as paired as they are used)
     * @param unpaired receives the labels without a video
     * @return the recordings, by recording id
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} for two videos with one id, videos of
     *     one recording in two splits, or a label in another split than its video, naming both files
     */
    static List<Recording> pair(List<Candidate> candidates, AvecLabels labels, List<Unpaired> unpaired) {
        Map<String, List<Candidate>> byRecording = new TreeMap<>(FrameFolder.NATURAL_ORDER);
        for (Candidate c : candidates) {
            byRecording.computeIfAbsent(c.name().recording(), k -> new ArrayList<>()).add(c);
        }
        List<Recording> out = new ArrayList<>();
        for (Map.Entry<String, List<Candidate>> e : byRecording.entrySet()) {
            String rec = e.getKey();
            List<Candidate> cs = new ArrayList<>(e.getValue());
            cs.sort(Comparator.comparing((Candidate c) -> c.video().videoId(), FrameFolder.NATURAL_ORDER));
            Candidate withSplit = null;
            for (int i = 0; i < cs.size(); i++) {
                Candidate c = cs.get(i);
                if (i > 0 && cs.get(i - 1).video().videoId().equals(c.video().videoId())) {
                    Optional<String> task = c.name().task();
                    Optional<String> before = cs.get(i - 1).name().task();
                    boolean avec2014 = task.isPresent() && before.isPresent() && !task.equals(before);
                    throw new PlegdfException(ExitCodes.BAD_DATASET, c.video().path() + ": a second video for "
                            + c.video().videoId() + " besides " + cs.get(i - 1).video().path() + (avec2014
                                    ? "; a Freeform and a Northwind video per recording is layout avec2014: plegdf import avec2014"
                                    : "; keep one of them"));
                }
                if (c.split().isPresent()) {
                    if (withSplit != null && withSplit.split().get() != c.split().get()) {
                        throw new PlegdfException(ExitCodes.BAD_DATASET, c.video().path() + ": in split " + c.split().get().id()
                                + " but " + withSplit.video().path() + " of the same recording " + rec + " is in split "
                                + withSplit.split().get().id() + "; a recording's videos share one split");
                    }
                    withSplit = withSplit == null ? c : withSplit;
                }
            }
            Optional<AvecLabels.Label> label = labels.take(rec);
            Optional<Split> split = withSplit == null ? Optional.empty() : withSplit.split();
            if (label.isPresent() && label.get().split().isPresent()) {
                Split ls = label.get().split().get();
                if (split.isPresent() && split.get() != ls) {
                    throw new PlegdfException(ExitCodes.BAD_DATASET, label.get().file() + ": label in split " + ls.id()
                            + " but its video " + withSplit.video().path() + " is in split " + split.get().id());
                }
                split = Optional.of(ls);
            }
            OptionalDouble score = label.map(l -> OptionalDouble.of(l.score())).orElse(OptionalDouble.empty());
            out.add(new Recording(rec, cs.get(0).name().subject(), split, score, label.isEmpty(),
                    cs.stream().map(Candidate::video).toList()));
        }
        for (AvecLabels.Label l : labels.untaken()) {
            unpaired.add(new Unpaired(l.file().toString(), "label without a video (no video of recording " + l.recording() + " found)"));
        }
        return out;
    }
}
