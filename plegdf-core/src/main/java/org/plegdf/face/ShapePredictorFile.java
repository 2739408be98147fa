package org.plegdf.face;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Reads dlib's {@code shape_predictor_68_face_landmarks.dat} (Debian package {@code libdlib-data})
 * into a {@link ShapePredictor}, once per process: the 100 MB file takes about a second to parse
 * and 66 MB in memory, and every pipeline of the process shares the result.
 *
 * <p>The layout is {@code dlib::serialize(shape_predictor)} ({@code
 * dlib/image_processing/shape_predictor.h}): version 1; the mean shape (a column of 2 x 68 floats);
 * the forests (per cascade level a vector of trees, each tree a vector of splits {@code (idx1,
 * idx2, thresh)} and a vector of leaf shape increments); per level the anchor landmark of each
 * feature pixel; per level the offsets of the feature pixels from their anchors. Every count and
 * index is checked, so a truncated, damaged or foreign file is refused with one line naming it
 * and what is wrong ({@link ExitCodes#BAD_MODEL}).
 */
public final class ShapePredictorFile {
    /** Where Debian's {@code libdlib-data} installs the model. */
    public static final Path DEBIAN_PATH = Path.of("/usr/share/dlib/shape_predictor_68_face_landmarks.dat");
    /** What to tell users who have not got the model. */
    public static final String INSTALL_HINT = "install it with 'apt-get install libdlib-data' (Debian/Ubuntu) or give --landmarks FILE";
    /** The iBUG 300-W scheme plegdf's geometry is written for. */
    public static final int PARTS = 68;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ShapePredictorFile.class);
    private static final Map<Path, ShapePredictor> LOADED = new ConcurrentHashMap<>();
    /** Generous bounds that no real model exceeds: they keep a damaged count from allocating gigabytes. */
    private static final int MAX_LEVELS = 1000;
    private static final int MAX_TREES = 100_000;
    private static final int MAX_SPLITS = 1 << 16;
    private static final int MAX_FEATURES = 1 << 20;

    private ShapePredictorFile() {}

    /** @return the model at the Debian path, if it is installed */
    public static Optional<Path> installed() {
        return Files.isRegularFile(DEBIAN_PATH) ? Optional.of(DEBIAN_PATH) : Optional.empty();
    }

    /**
     * The model in a file, read on first use and shared afterwards.
     *
     * @param file a dlib 68-point shape predictor {@code .dat}
     * @return the predictor
     * @throws PlegdfException (BAD_MODEL) when the file is missing, truncated, damaged or another model
     */
    public static ShapePredictor load(Path file) {
        Path key = file.toAbsolutePath().normalize();
        return LOADED.computeIfAbsent(key, ShapePredictorFile::read);
    }

    private static ShapePredictor read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, file + ": landmark model not found; " + INSTALL_HINT);
        }
        long t0 = System.nanoTime();
        ShapePredictor p;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            if (bytes.remaining() >= 3 && bytes.get(0) == 'B' && bytes.get(1) == 'Z' && bytes.get(2) == 'h') {
                throw bad(file, "compressed with bzip2; decompress it first (bunzip2 -k " + file.getFileName() + ")");
            }
            p = parse(new DlibInput(bytes));
        } catch (DlibInput.Malformed e) {
            throw bad(file, "not a readable dlib shape predictor: " + e.getMessage());
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (p.parts() != PARTS) {
            throw bad(file, "a " + p.parts() + "-point shape predictor; plegdf needs the 68-point model (shape_predictor_68_face_landmarks.dat)");
        }
        LOG.info(String.format(Locale.ROOT, "landmarks: read %s in %.2f s (%d levels, %d trees, %.0f MB in memory)",
                file, (System.nanoTime() - t0) / 1e9, p.cascadeLevels(), p.trees(), p.memoryBytes() / 1e6));
        return p;
    }

    private static PlegdfException bad(Path file, String problem) {
        return new PlegdfException(ExitCodes.BAD_MODEL, file + ": " + problem);
    }

    static ShapePredictor parse(DlibInput in) throws DlibInput.Malformed {
        long version = in.readLong();
        if (version != 1) {
            throw new DlibInput.Malformed("starts with version " + version + " where a shape predictor has 1 (another dlib model?)");
        }
        float[] mean = in.readColumn("the mean shape", 2 * 10_000);
        if (mean.length == 0 || mean.length % 2 != 0) {
            throw new DlibInput.Malformed("the mean shape has " + mean.length + " values, not (x, y) pairs");
        }
        int levelCount = in.readCount("cascade levels", MAX_LEVELS);
        Forest[] forests = new Forest[levelCount];
        for (int l = 0; l < levelCount; l++) {
            forests[l] = readForest(in, mean.length);
        }
        int anchorLevels = in.readCount("anchor levels", MAX_LEVELS);
        if (anchorLevels != levelCount) {
            throw new DlibInput.Malformed("anchors for " + anchorLevels + " levels, trees for " + levelCount);
        }
        int[][] anchors = new int[levelCount][];
        for (int l = 0; l < levelCount; l++) {
            anchors[l] = new int[in.readCount("feature pixels", MAX_FEATURES)];
            for (int i = 0; i < anchors[l].length; i++) {
                anchors[l][i] = in.readCount("anchor landmark", mean.length / 2 - 1);
            }
        }
        if (in.readCount("delta levels", MAX_LEVELS) != levelCount) {
            throw new DlibInput.Malformed("pixel offsets for another number of levels than the trees");
        }
        ShapePredictor.Level[] levels = new ShapePredictor.Level[levelCount];
        for (int l = 0; l < levelCount; l++) {
            int n = in.readCount("feature pixel offsets", MAX_FEATURES);
            if (n != anchors[l].length) {
                throw new DlibInput.Malformed("level " + l + " has " + anchors[l].length + " anchors and " + n + " offsets");
            }
            float[] deltas = new float[2 * n];
            for (int i = 0; i < deltas.length; i++) {
                deltas[i] = in.readFloat();
            }
            levels[l] = forests[l].level(anchors[l], deltas, l);
        }
        return new ShapePredictor(mean, levels);
    }

    /** One level's trees as read, before the level's feature count is known. */
    private record Forest(int[] splitStart, int[] leafStart, int[] idx1, int[] idx2, float[] thresh, float[] leaves) {
        ShapePredictor.Level level(int[] anchor, float[] deltas, int l) throws DlibInput.Malformed {
            for (int i = 0; i < idx1.length; i++) {
                if (idx1[i] >= anchor.length || idx2[i] >= anchor.length) {
                    throw new DlibInput.Malformed("level " + l + " compares feature pixel " + Math.max(idx1[i], idx2[i]) + " of " + anchor.length);
                }
            }
            return new ShapePredictor.Level(anchor, deltas, splitStart, leafStart, idx1, idx2, thresh, leaves);
        }
    }

    private static Forest readForest(DlibInput in, int shapeLength) throws DlibInput.Malformed {
        int trees = in.readCount("trees", MAX_TREES);
        int[] splitStart = new int[trees + 1];
        int[] leafStart = new int[trees + 1];
        IntList idx1 = new IntList();
        IntList idx2 = new IntList();
        float[] thresh = new float[16];
        float[] leaves = new float[16 * shapeLength];
        int splitsSoFar = 0;
        int leavesSoFar = 0;
        for (int t = 0; t < trees; t++) {
            int splits = in.readCount("splits", MAX_SPLITS);
            for (int s = 0; s < splits; s++) {
                idx1.add(in.readCount("split pixel", MAX_FEATURES));
                idx2.add(in.readCount("split pixel", MAX_FEATURES));
                thresh = grow(thresh, splitsSoFar + 1);
                thresh[splitsSoFar++] = in.readFloat();
            }
            int leafCount = in.readCount("leaves", MAX_SPLITS + 1);
            if (leafCount != splits + 1) {
                throw new DlibInput.Malformed("a tree with " + splits + " splits and " + leafCount + " leaves");
            }
            leaves = grow(leaves, (leavesSoFar + leafCount) * shapeLength);
            for (int k = 0; k < leafCount; k++) {
                float[] leaf = in.readColumn("a leaf", shapeLength);
                if (leaf.length != shapeLength) {
                    throw new DlibInput.Malformed("a leaf of " + leaf.length + " values for a shape of " + shapeLength);
                }
                System.arraycopy(leaf, 0, leaves, (leavesSoFar + k) * shapeLength, shapeLength);
            }
            leavesSoFar += leafCount;
            splitStart[t + 1] = splitsSoFar;
            leafStart[t + 1] = leavesSoFar;
        }
        return new Forest(splitStart, leafStart, idx1.toArray(), idx2.toArray(),
                java.util.Arrays.copyOf(thresh, splitsSoFar), java.util.Arrays.copyOf(leaves, leavesSoFar * shapeLength));
    }

    private static float[] grow(float[] a, int needed) {
        return needed <= a.length ? a : java.util.Arrays.copyOf(a, Math.max(needed, a.length * 2));
    }

    /** A growable int array (no boxing for the model's million split indices). */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
