package org.plegdf.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvenSampleTest {

    private static List<Integer> sample(int n, int capacity) {
        EvenSample<Integer> s = new EvenSample<>(capacity);
        for (int i = 0; i < n; i++) {
            int v = i;
            s.offer(() -> v);
        }
        return s.items();
    }

    @Test
    void keepsEverythingWhileItFits() {
        assertThat(sample(5, 16)).containsExactly(0, 1, 2, 3, 4);
        assertThat(sample(16, 16)).hasSize(16);
    }

    @Test
    void staysBoundedAndSpreadOverTheWholeStream() {
        for (int n : new int[] {17, 100, 3000, 9001}) {
            List<Integer> kept = sample(n, 16);
            assertThat(kept.size()).as("n=%d", n).isBetween(8, 16);
            int stride = kept.get(1) - kept.get(0);
            for (int i = 1; i < kept.size(); i++) {
                assertThat(kept.get(i) - kept.get(i - 1)).isEqualTo(stride);
            }
            assertThat(kept.get(0)).isZero();
            // The last kept item is within one stride of the end: the whole input is represented.
            assertThat(n - 1 - kept.get(kept.size() - 1)).isLessThan(stride);
        }
    }

    @Test
    void buildsOnlyWhatItKeeps() {
        EvenSample<Integer> s = new EvenSample<>(4);
        int[] built = {0};
        for (int i = 0; i < 1000; i++) {
            int v = i;
            s.offer(() -> {
                built[0]++;
                return v;
            });
        }
        // capacity + capacity/2 per doubling of the stride: O(capacity * log n), not n.
        assertThat(built[0]).isLessThanOrEqualTo(4 + 2 * 10);
    }
}
