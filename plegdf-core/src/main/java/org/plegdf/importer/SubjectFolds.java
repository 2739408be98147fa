package org.plegdf.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.plegdf.data.Split;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Subject-grouped assignments: every subject goes whole into one fold (or one split), so no
 * person is seen in training and in evaluation. Deterministic for a seed: subjects are sorted by id
 * before the seeded shuffle, so the order files were found in does not matter.
 */
public final class SubjectFolds {
    /** Share of subjects put in each of dev and test by {@link #randomSplit}. */
    public static final double HELD_OUT_SHARE = 0.2;

    private SubjectFolds() {}

    /**
     * Deals subjects into K folds of nearly equal size in videos: subjects are shuffled with the
     * seed, then taken largest first (a stable sort, so equal sizes keep the shuffled order) and
     * each is given to the fold with the fewest videos so far (the lowest-numbered on ties).
     *
     * @param videosPerSubject each subject's number of videos
     * @param k the number of folds, at least 2 and at most the number of subjects
     * @param seed the seed
     * @return each subject's fold, numbered from 1, in subject id order
     * @throws PlegdfException {@link ExitCodes#USAGE} when k is below 2,
     *     {@link ExitCodes#BAD_DATASET} when there are fewer subjects than folds
     */
    public static Map<String, Integer> assign(Map<String, Integer> videosPerSubject, int k, long seed) {
        if (k < 2) {
            throw new PlegdfException(ExitCodes.USAGE, "--folds " + k + ": cross-validation needs at least 2 folds");
        }
        if (videosPerSubject.size() < k) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, "--folds " + k + ": only " + videosPerSubject.size()
                    + " subject(s) to share among the folds, and a subject cannot be split");
        }
        List<String> order = shuffled(videosPerSubject, seed);
        order.sort(Comparator.comparing((String s) -> videosPerSubject.get(s)).reversed());
        int[] size = new int[k];
        Map<String, Integer> fold = new TreeMap<>();
        for (String s : order) {
            int best = 0;
            for (int f = 1; f < k; f++) {
                if (size[f] < size[best]) {
                    best = f;
                }
            }
            size[best] += videosPerSubject.get(s);
            fold.put(s, best + 1);
        }
        return fold;
    }

    /**
     * A random train/dev/test split by subject: {@value #HELD_OUT_SHARE} of the subjects (rounded,
     * at least one) in each of dev and test, the rest in train.
     *
     * @param videosPerSubject each subject's number of videos
     * @param seed the seed
     * @return each subject's split, in subject id order
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} with fewer than 3 subjects
     */
    public static Map<String, Split> randomSplit(Map<String, Integer> videosPerSubject, long seed) {
        int n = videosPerSubject.size();
        if (n < 3) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, "only " + n + " subject(s): a train/dev/test split by subject needs 3 or more");
        }
        int held = Math.max(1, (int) Math.round(n * HELD_OUT_SHARE));
        List<String> order = shuffled(videosPerSubject, seed);
        Map<String, Split> split = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            split.put(order.get(i), i < held ? Split.TEST : i < 2 * held ? Split.DEV : Split.TRAIN);
        }
        return split;
    }

    private static List<String> shuffled(Map<String, Integer> videosPerSubject, long seed) {
        List<String> order = new ArrayList<>(new TreeMap<>(videosPerSubject).keySet());
        Collections.shuffle(order, new Random(seed));
        return order;
    }
}
