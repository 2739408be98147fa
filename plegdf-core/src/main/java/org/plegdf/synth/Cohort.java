package org.plegdf.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.plegdf.data.Split;

/**
 * The synthetic subjects: their BDI-II scores, skewed like AVEC2013's (most under 20, a tail to 45),
 * and their split, 50 / 25 / 25 by subject and balanced in score.
 */
public final class Cohort {
    /** Highest score drawn, as in AVEC2013. */
    public static final int MAX_SCORE = 45;

    /**
     * One subject.
     *
     * @param index 0-based index, also the key of its random streams
     * @param id its id, e.g. {@code s007}
     * @param bdi its BDI-II score (an integer in [0, 45])
     * @param split its split
     */
    public record Subject(int index, String id, int bdi, Split split) {}

    private Cohort() {}

    /**
     * Draws the cohort. Scores come from a gamma distribution (shape 1.5, scale 10: mean 15, about
     * three quarters under 20) redrawn above 45 and rounded. Splits are stratified: subjects sorted
     * by score, highest first, are taken in blocks of four, and each block gives two to train, one
     * to dev and one to test in random order (except that the very highest score always goes to
     * train), so all three splits span the whole range of scores.
     *
     * @param subjects number of subjects (at least 4)
     * @param rng the random source
     * @return the subjects, in index order
     */
    public static List<Subject> draw(int subjects, Random rng) {
        int[] scores = new int[subjects];
        for (int i = 0; i < subjects; i++) {
            double s;
            do {
                s = 10 * gamma(1.5, rng);
            } while (s > MAX_SCORE + 0.49);
            scores[i] = (int) Math.round(s);
        }
        Integer[] order = new Integer[subjects];
        for (int i = 0; i < subjects; i++) {
            order[i] = i;
        }
        // highest score first; ties broken by index so the split does not depend on the sort algorithm
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -scores[i]).thenComparingInt(i -> i));
        Split[] split = new Split[subjects];
        for (int b = 0; b < subjects; b += 4) {
            List<Split> block = new ArrayList<>(List.of(Split.TRAIN, Split.TRAIN, Split.DEV, Split.TEST));
            java.util.Collections.shuffle(block, rng);
            if (b == 0) {
                // the highest score goes to train, so dev and test never ask for a score above the
                // training range (the network is judged on interpolation, not extrapolation)
                block.remove(Split.TRAIN);
                block.add(0, Split.TRAIN);
            }
            for (int k = 0; k < 4 && b + k < subjects; k++) {
                split[order[b + k]] = block.get(k);
            }
        }
        ensureEverySplit(split);
        int digits = Math.max(3, String.valueOf(subjects).length());
        List<Subject> out = new ArrayList<>(subjects);
        for (int i = 0; i < subjects; i++) {
            out.add(new Subject(i, String.format("s%0" + digits + "d", i + 1), scores[i], split[i]));
        }
        return out;
    }

    /** A guard: with 4 or more subjects the first block already gives every split one subject. */
    private static void ensureEverySplit(Split[] split) {
        for (Split s : Split.values()) {
            if (Arrays.stream(split).noneMatch(x -> x == s)) {
                throw new IllegalArgumentException("too few subjects for a " + s.id() + " split");
            }
        }
    }

    /** Marsaglia and Tsang's gamma sampler (shape >= 1, scale 1). */
    static double gamma(double shape, Random rng) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = rng.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
