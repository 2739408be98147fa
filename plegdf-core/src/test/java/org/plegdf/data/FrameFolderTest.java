package org.plegdf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameFolderTest {
    @TempDir Path dir;

    private FrameFolder folder(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Files.write(dir.resolve(String.format("img%03d.jpg", i)), new byte[] {1});
        }
        return FrameFolder.of(dir);
    }

    private static List<Integer> indices(List<Path> frames) {
        return frames.stream().map(p -> Integer.parseInt(p.getFileName().toString().substring(3, 6))).toList();
    }

    @Test
    void listsImagesInNaturalNameOrderAndIgnoresTheRest() throws IOException {
        for (String n : List.of("frame10.png", "frame9.PNG", "frame1.jpeg", "x.bmp", "notes.txt", ".frame0.png", "frame02.jpg")) {
            Files.write(dir.resolve(n), new byte[] {1});
        }
        Files.createDirectories(dir.resolve("sub.png"));
        FrameFolder f = FrameFolder.of(dir);
        assertThat(f.frames()).extracting(p -> p.getFileName().toString())
                .containsExactly("frame1.jpeg", "frame02.jpg", "frame9.PNG", "frame10.png", "x.bmp");
        assertThat(f.size()).isEqualTo(5);
    }

    @Test
    void everyKthTakesAStrideFromTheFirstFrame() throws IOException {
        FrameFolder f = folder(10);
        assertThat(indices(f.everyKth(3))).containsExactly(0, 3, 6, 9);
        assertThat(indices(f.everyKth(1))).hasSize(10);
        assertThat(indices(f.everyKth(20))).containsExactly(0);
    }

    @Test
    void everyKthWithACapSpreadsTheKeptFramesEvenly() throws IOException {
        FrameFolder f = folder(100);
        // stride 2 gives 0, 2, ..., 98 (50 frames); 5 of them, one from the middle of each tenth
        assertThat(indices(f.everyKth(2, 5))).containsExactly(10, 30, 50, 70, 90);
        assertThat(indices(f.everyKth(2, 50))).hasSize(50);
        assertThat(indices(f.everyKth(50, 5))).containsExactly(0, 50);
    }

    @Test
    void sampleIsReproducibleOnTheStrideLatticeCappedAndOrdered() throws IOException {
        FrameFolder f = folder(100);
        List<Path> a = f.sample(3, 10, new Random(42));
        List<Path> b = f.sample(3, 10, new Random(42));
        assertThat(a).isEqualTo(b).hasSize(10);
        List<Integer> idx = indices(a);
        assertThat(idx).isSorted().doesNotHaveDuplicates();
        int phase = idx.get(0) % 3;
        assertThat(idx).allMatch(i -> i % 3 == phase);
        Set<Integer> phases = new HashSet<>();
        Set<List<Integer>> draws = new HashSet<>();
        Random rng = new Random(1);
        for (int i = 0; i < 50; i++) {
            List<Integer> s = indices(f.sample(3, 10, rng));
            phases.add(s.get(0) % 3);
            draws.add(s);
        }
        assertThat(phases).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(draws).hasSizeGreaterThan(40);
        // under the cap: the whole lattice of one phase
        assertThat(indices(f.sample(30, 64, new Random(3)))).hasSizeBetween(3, 4);
    }

    @Test
    void sampleOfAShortVideoStillReturnsAFrame() throws IOException {
        FrameFolder f = folder(2);
        for (int seed = 0; seed < 20; seed++) {
            assertThat(f.sample(5, 64, new Random(seed))).hasSize(1);
        }
    }

    @Test
    void refusesNonPositiveStrideOrCap() throws IOException {
        FrameFolder f = folder(3);
        assertThatThrownBy(() -> f.everyKth(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.sample(1, 0, new Random())).isInstanceOf(IllegalArgumentException.class);
    }
}
