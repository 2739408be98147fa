package org.plegdf.data;

import java.util.Random;

/**
 * Derives independent, reproducible random streams from one run seed and a few keys (epoch, video,
 * frame index, ...), so that parallel work draws the same numbers whatever the thread schedule.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * @param seed the run seed
     * @param keys what the stream is for, e.g. {epoch, itemIndex}
     * @return a well-mixed 64-bit seed (SplitMix64 finaliser applied after each key)
     */
    public static long mix(long seed, long... keys) {
        long h = splitmix(seed);
        for (long k : keys) {
            h = splitmix(h ^ splitmix(k + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /**
     * @param seed the run seed
     * @param keys what the stream is for
     * @return a new {@link Random} seeded with {@link #mix(long, long...)}
     */
    public static Random random(long seed, long... keys) {
        return new Random(mix(seed, keys));
    }

    private static long splitmix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
