package org.plegdf.predict;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps at most {@code capacity} items of a stream of unknown length, evenly spread over it: items
 * 0, s, 2s, ... with the stride s doubled whenever the sample would overflow. Deterministic (the
 * same stream gives the same sample), and memory stays bounded however long the video is.
 *
 * @param <T> the item type
 */
final class EvenSample<T> {
    private final int capacity;
    private final List<T> kept = new ArrayList<>();
    private long stride = 1;
    private long seen;

    /** @param capacity most items kept, at least 1 */
    EvenSample(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Offers the next item of the stream.
     *
     * @param item makes the item; called only when it is kept (copying a face is not free)
     */
    void offer(java.util.function.Supplier<T> item) {
        if (seen++ % stride != 0) {
            return;
        }
        kept.add(item.get());
        if (kept.size() > capacity) {
            // Kept items sit at multiples of the stride: keeping every other one doubles it.
            List<T> thinned = new ArrayList<>();
            for (int i = 0; i < kept.size(); i += 2) {
                thinned.add(kept.get(i));
            }
            kept.clear();
            kept.addAll(thinned);
            stride *= 2;
        }
    }

    /** @return the kept items, in stream order */
    List<T> items() {
        return List.copyOf(kept);
    }
}
