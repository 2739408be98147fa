package org.plegdf.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.plegdf.data.DatasetInfo;
import org.plegdf.data.Folds;
import org.plegdf.data.Split;
import org.plegdf.util.PlegdfException;

/**
 * How the recordings are split into train, dev and test: the source's own splits, subject-grouped
 * folds, or a seeded subject-grouped random split (see {@link DatasetImport}). Whatever the way, no
 * subject ends up on both sides.
 *
 * @param recordings the recordings, each with its final split (with folds: fold 1 as dev)
 * @param splits how the splits were made, as {@code dataset.json} records it
 * @param foldOf each train/dev subject's fold (1-based), or null without folds
 * @param lines what the report says about it
 */
record SplitPlan(List<Recording> recordings, String splits, Map<String, Integer> foldOf, List<String> lines) {

    /**
     * @param recordings the recordings; either all or none carry a split
     * @param splitSource where the recordings' splits came from, when they carry one
     * @param req the request (folds, seed, labels file)
     * @return the plan
     * @throws PlegdfException when a subject would be on both sides, or the folds cannot be made
     */
    static SplitPlan make(List<Recording> recordings, String splitSource, ImportRequest req) {
        List<Recording> out = new ArrayList<>(recordings);
        List<String> lines = new ArrayList<>();
        boolean hasSplits = out.stream().allMatch(r -> r.split().isPresent());
        Integer k = req.folds();
        Map<String, Integer> foldOf = null;
        String splits;
        if (hasSplits) {
            splits = splitSource;
            lines.add(splits.equals(DatasetInfo.LABELS_FILE) ? "splits: from the split column of " + req.labels()
                    : "splits: official, from the Training/Development/Testing folders");
            // with folds, train and dev are pooled, so only test against the rest must be clean
            SubjectLeakCheck.check(k == null ? out : pooled(out), k == null ? "; --folds K re-splits train and dev by subject" : "");
            if (k != null) {
                foldOf = SubjectFolds.assign(videosPerSubject(out.stream().filter(r -> r.split().get() != Split.TEST).toList()), k, req.seed());
                lines.add("folds: " + k + " subject-grouped folds of the train and dev recordings, seed " + req.seed()
                        + ", in " + Folds.FILE_NAME + "; test stays test");
            }
        } else if (k != null) {
            splits = DatasetImport.FOLDS_ONLY;
            lines.add("splits: none in the source; all recordings are in the folds, and there is no test split");
            foldOf = SubjectFolds.assign(videosPerSubject(out), k, req.seed());
            lines.add("folds: " + k + " subject-grouped folds, seed " + req.seed() + ", in " + Folds.FILE_NAME);
        } else {
            splits = DatasetInfo.RANDOM;
            Map<String, Split> random = SubjectFolds.randomSplit(videosPerSubject(out), req.seed());
            out.replaceAll(r -> r.withSplit(random.get(r.subject())));
            lines.add(String.format(Locale.ROOT, "splits: none in the source; random by subject, %.0f%% of the subjects each in dev and test, seed %d",
                    SubjectFolds.HELD_OUT_SHARE * 100, req.seed()));
        }
        if (foldOf != null) {
            Map<String, Integer> folds = foldOf;
            out.replaceAll(r -> r.split().orElse(null) == Split.TEST ? r : r.withSplit(folds.get(r.subject()) == 1 ? Split.DEV : Split.TRAIN));
            lines.add("manifest.csv's dev split is fold 1; train --fold i holds out fold i instead");
        }
        SubjectLeakCheck.check(out, "");
        return new SplitPlan(out, splits, foldOf, lines);
    }

    /** @return the seed when something was drawn at random, else null (for dataset.json) */
    Long seedUsed(ImportRequest req) {
        return foldOf != null || splits.equals(DatasetInfo.RANDOM) ? req.seed() : null;
    }

    /** Train and dev as one side, test as the other: the sides that must not share a subject when folding. */
    private static List<Recording> pooled(List<Recording> recordings) {
        return recordings.stream().map(r -> r.split().get() == Split.TEST ? r : r.withSplit(Split.TRAIN)).toList();
    }

    private static Map<String, Integer> videosPerSubject(List<Recording> recordings) {
        Map<String, Integer> n = new LinkedHashMap<>();
        recordings.forEach(r -> n.merge(r.subject(), r.videos().size(), Integer::sum));
        return n;
    }
}
