package org.plegdf.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * The face frames of one video: the image files of a folder (png, jpg, jpeg, bmp; hidden files
 * ignored) in name order, and the frame sampling used for training and evaluation.
 *
 * <p>Names are compared in natural order (digit runs by value), so {@code f2.png} comes before
 * {@code f10.png} even without zero padding; for zero-padded names this is plain name order.
 */
public final class FrameFolder {
    /** Orders file names with digit runs compared by numeric value, then by plain text. */
    public static final Comparator<String> NATURAL_ORDER = FrameFolder::compareNatural;

    private final Path dir;
    private final List<Path> frames;

    private FrameFolder(Path dir, List<Path> frames) {
        this.dir = dir;
        this.frames = List.copyOf(frames);
    }

    /**
     * Lists a frame folder.
     *
     * @param dir the folder
     * @return its frames, possibly none
     * @throws PlegdfException {@link ExitCodes#BAD_DATASET} when the folder cannot be listed
     */
    public static FrameFolder of(Path dir) {
        List<Path> images = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(MediaKind::isImageName)
                    .filter(Files::isRegularFile)
                    .forEach(images::add);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, dir + ": cannot list frames: " + e.getMessage(), e);
        }
        images.sort(Comparator.comparing((Path p) -> p.getFileName().toString(), NATURAL_ORDER));
        return new FrameFolder(dir, images);
    }

    /** @return the folder */
    public Path dir() {
        return dir;
    }

    /** @return all frames in name order (unmodifiable) */
    public List<Path> frames() {
        return frames;
    }

    /** @return the number of frames */
    public int size() {
        return frames.size();
    }

    /** @return true when the folder holds no image */
    public boolean isEmpty() {
        return frames.isEmpty();
    }

    /**
     * @param index a frame index in [0, size)
     * @return that frame
     */
    public Path get(int index) {
        return frames.get(index);
    }

    /**
     * Every k-th frame from the first: frames 0, k, 2k, ...
     *
     * @param k the stride, at least 1
     * @return the frames, in order
     */
    public List<Path> everyKth(int k) {
        requirePositive(k, "k");
        return pick(strided(0, k));
    }

    /**
     * Every k-th frame from the first, thinned to at most {@code cap} frames evenly spread over the
     * video. Deterministic: the evaluation sampling.
     *
     * @param k the stride, at least 1
     * @param cap the most frames to return, at least 1
     * @return the frames, in order
     */
    public List<Path> everyKth(int k, int cap) {
        requirePositive(k, "k");
        requirePositive(cap, "cap");
        int[] idx = strided(0, k);
        if (idx.length <= cap) {
            return pick(idx);
        }
        int[] kept = new int[cap];
        for (int i = 0; i < cap; i++) {
            // centre of the i-th of cap equal slices, so the first and last slices are both represented
            kept[i] = idx[(int) (((long) 2 * i + 1) * idx.length / (2L * cap))];
        }
        return pick(kept);
    }

    /**
     * The training sampling, re-drawn each epoch: every k-th frame from a random phase in [0, k),
     * then, when more than {@code cap} remain, a random {@code cap} of them. The result keeps
     * temporal order. The same {@code rng} state gives the same frames.
     *
     * @param k the stride, at least 1
     * @param cap the most frames to return, at least 1
     * @param rng the random source (seeded by the caller, for reproducible runs)
     * @return the frames, in order; empty only for an empty folder
     */
    public List<Path> sample(int k, int cap, Random rng) {
        requirePositive(k, "k");
        requirePositive(cap, "cap");
        if (frames.isEmpty()) {
            return List.of();
        }
        int[] idx = strided(rng.nextInt(Math.min(k, frames.size())), k);
        if (idx.length > cap) {
            // partial Fisher-Yates: the first cap entries become a uniform random subset
            for (int i = 0; i < cap; i++) {
                int j = i + rng.nextInt(idx.length - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            idx = Arrays.copyOf(idx, cap);
            Arrays.sort(idx);
        }
        return pick(idx);
    }

    private int[] strided(int start, int k) {
        int n = frames.size();
        if (start >= n) {
            return new int[0];
        }
        int[] idx = new int[(n - start + k - 1) / k];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = start + i * k;
        }
        return idx;
    }

    private List<Path> pick(int[] idx) {
        List<Path> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(frames.get(i));
        }
        return out;
    }

    private static void requirePositive(int v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    private static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = runEnd(a, i);
                int ej = runEnd(b, j);
                int si = skipZeros(a, i, ei);
                int sj = skipZeros(b, j, ej);
                int lenCmp = Integer.compare(ei - si, ej - sj);
                if (lenCmp != 0) {
                    return lenCmp;
                }
                int c = a.substring(si, ei).compareTo(b.substring(sj, ej));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    private static int runEnd(String s, int from) {
        int e = from;
        while (e < s.length() && Character.isDigit(s.charAt(e))) {
            e++;
        }
        return e;
    }

    private static int skipZeros(String s, int from, int end) {
        int k = from;
        while (k < end - 1 && s.charAt(k) == '0') {
            k++;
        }
        return k;
    }

    @Override
    public String toString() {
        return dir + " (" + frames.size() + " frames)";
    }
}
