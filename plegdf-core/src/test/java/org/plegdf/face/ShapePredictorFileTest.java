package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** Reading dlib .dat files: a model written here in dlib's format, and the files that must be refused. */
class ShapePredictorFileTest {
    @TempDir
    Path tmp;

    /** dlib's integer encoding: control byte (size, sign bit 0x80), then little-endian bytes. */
    private static void writeInt(ByteArrayOutputStream out, long v) {
        int neg = v < 0 ? 0x80 : 0;
        long m = Math.abs(v);
        byte[] b = new byte[8];
        int n = 0;
        do {
            b[n++] = (byte) (m & 0xFF);
            m >>>= 8;
        } while (m != 0);
        out.write(n | neg);
        out.write(b, 0, n);
    }

    /** dlib's float encoding: mantissa then exponent (value = mantissa * 2^exponent). */
    private static void writeFloat(ByteArrayOutputStream out, float v) {
        int exp = v == 0 ? 0 : Math.getExponent(v) - 23;
        writeInt(out, (long) Math.scalb(v, -exp));
        writeInt(out, exp);
    }

    private static void writeColumn(ByteArrayOutputStream out, float... v) {
        writeInt(out, -v.length);
        writeInt(out, -1);
        for (float f : v) {
            writeFloat(out, f);
        }
    }

    /**
     * A predictor with {@code parts} landmarks and one level of one depth-1 tree that moves every
     * landmark right by 0.25 of the box when pixel 0 is brighter than pixel 1, left otherwise.
     */
    private static byte[] model(int parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, 1);
        float[] mean = new float[2 * parts];
        for (int i = 0; i < parts; i++) {
            mean[2 * i] = 0.5f;
            mean[2 * i + 1] = (i + 0.5f) / parts;
        }
        writeColumn(out, mean);
        writeInt(out, 1); // levels
        writeInt(out, 1); // trees
        writeInt(out, 1); // splits
        writeInt(out, 0);
        writeInt(out, 1);
        writeFloat(out, 0f);
        writeInt(out, 2); // leaves
        float[] right = new float[2 * parts];
        float[] left = new float[2 * parts];
        for (int i = 0; i < parts; i++) {
            right[2 * i] = 0.25f;
            left[2 * i] = -0.25f;
        }
        writeColumn(out, right);
        writeColumn(out, left);
        writeInt(out, 1); // anchor levels
        writeInt(out, 2);
        writeInt(out, 0);
        writeInt(out, 0);
        writeInt(out, 1); // delta levels
        writeInt(out, 2);
        writeFloat(out, -0.5f); // pixel 0: half a box left of landmark 0
        writeFloat(out, 0f);
        writeFloat(out, 0.5f); // pixel 1: half a box right of it
        writeFloat(out, 0f);
        return out.toByteArray();
    }

    /** A 100 x 100 image, bright on its left half. */
    private static final ShapePredictor.GrayPixels BRIGHT_LEFT = (x, y) -> x >= 0 && y >= 0 && x < 100 && y < 100 ? (x < 50 ? 200 : 10) : 0;

    @Test
    void runsTheTreesOfAModelWrittenInDlibsFormat() throws Exception {
        Path f = Files.write(tmp.resolve("tiny.dat"), model(68));
        ShapePredictor sp = ShapePredictorFile.load(f);
        assertThat(sp.parts()).isEqualTo(68);
        assertThat(sp.trees()).isEqualTo(1);
        // Box 20..79: landmark 0 at x = 0.5 (pixel 49.5), pixel 0 at x 20 (bright) > pixel 1 at 79 (dark): move right.
        Point2[] p = sp.predict(BRIGHT_LEFT, 20, 20, 79, 79);
        assertThat(p[0].x()).isCloseTo(20 + 0.75 * 59, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(p[67].y()).isCloseTo(20 + (67.5 / 68) * 59, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void refusesAModelWithAnotherNumberOfLandmarks() throws Exception {
        Path f = Files.write(tmp.resolve("shape_predictor_5_face_landmarks.dat"), model(5));
        assertRefused(f, "a 5-point shape predictor; plegdf needs the 68-point model");
    }

    @Test
    void refusesTruncatedDamagedForeignAndMissingFiles() throws Exception {
        byte[] head;
        try (InputStream in = Files.newInputStream(ShapePredictorFile.DEBIAN_PATH)) {
            head = in.readNBytes(1_000_000);
        }
        assertRefused(Files.write(tmp.resolve("cut.dat"), head), "the file ends at byte 1000000, inside the model (truncated)");
        byte[] tiny = model(68);
        assertRefused(Files.write(tmp.resolve("short.dat"), java.util.Arrays.copyOf(tiny, tiny.length - 1)), "(truncated)");
        byte[] damaged = head.clone();
        damaged[2] = 0x7F; // a control byte no dlib integer has, in the mean shape's row count
        assertRefused(Files.write(tmp.resolve("damaged.dat"), damaged), "is not a dlib integer");
        assertRefused(Files.copy(FaceFixtures.file("dogs.jpg"), tmp.resolve("dogs.dat")), "not a readable dlib shape predictor: byte 0 (0xff) is not a dlib integer");
        assertRefused(Files.write(tmp.resolve("model.dat.bz2"), "BZh91AY&SY".getBytes()), "compressed with bzip2");
        assertRefused(tmp.resolve("absent.dat"), "landmark model not found; install it with 'apt-get install libdlib-data'");
    }

    private static void assertRefused(Path file, String problem) throws IOException {
        assertThatThrownBy(() -> ShapePredictorFile.load(file))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_MODEL))
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
