package org.plegdf.face;

import java.nio.ByteBuffer;

/**
 * Reads the primitives of dlib's serialisation format ({@code dlib/serialize.h}), the format of
 * dlib's {@code .dat} model files:
 *
 * <ul>
 *   <li>an integer is a control byte (low 4 bits: how many little-endian bytes follow; bit 7: the
 *       value is negative) and then those bytes;
 *   <li>a float is two such integers, a signed 64-bit mantissa and a 16-bit exponent, the value
 *       being {@code mantissa * 2^exponent} (exponents 32000-32002 mean +inf, -inf and NaN);
 *   <li>{@code std::vector} is its size as an integer, then its elements; a column {@code
 *       dlib::matrix} is rows and columns (negated in the current format), then the elements.
 * </ul>
 *
 * Malformed input (end of file, a control byte of another format) raises {@link Malformed} with
 * the byte offset, so the caller can name the file and where it broke. Not thread-safe.
 */
final class DlibInput {
    /** A byte sequence that is not dlib's serialisation, or ends early. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private static final int IS_INF = 32000;
    private static final int IS_NINF = 32001;
    private static final int IS_NAN = 32002;

    private final ByteBuffer in;

    /** @param in the bytes (a memory-mapped file: a 100 MB model parses without a heap copy) */
    DlibInput(ByteBuffer in) {
        this.in = in;
    }

    /** @return bytes read so far */
    long offset() {
        return in.position();
    }

    private int next() throws Malformed {
        if (!in.hasRemaining()) {
            throw new Malformed("the file ends at byte " + in.position() + ", inside the model (truncated)");
        }
        return in.get() & 0xFF;
    }

    /**
     * @return the next signed integer
     * @throws Malformed on a bad control byte or end of file
     */
    long readLong() throws Malformed {
        long at = offset();
        int control = next();
        int size = control & 0x0F;
        if ((control & 0x70) != 0 || size == 0 || size > 8) {
            throw new Malformed(String.format(java.util.Locale.ROOT, "byte %d (0x%02x) is not a dlib integer", at, control));
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (long) next() << (8 * i);
        }
        return (control & 0x80) != 0 ? -v : v;
    }

    /**
     * @param what what the count is of, for the message
     * @param max the largest value that makes sense here
     * @return the next integer, checked to be in {@code [0, max]}
     * @throws Malformed otherwise
     */
    int readCount(String what, long max) throws Malformed {
        long at = offset();
        long v = readLong();
        if (v < 0 || v > max) {
            throw new Malformed("byte " + at + ": " + what + " " + v + " is outside 0.." + max);
        }
        return (int) v;
    }

    /**
     * @return the next float
     * @throws Malformed on bad bytes
     */
    float readFloat() throws Malformed {
        long mantissa = readLong();
        long exponent = readLong();
        if (exponent < IS_INF) {
            return Math.scalb((float) mantissa, (int) exponent);
        }
        if (exponent == IS_INF) {
            return Float.POSITIVE_INFINITY;
        }
        return exponent == IS_NINF ? Float.NEGATIVE_INFINITY : Float.NaN;
    }

    /**
     * @param what what the column is, for the message
     * @param maxRows largest row count that makes sense
     * @return a column {@code dlib::matrix<float,0,1>}
     * @throws Malformed when it is not a column or too large
     */
    float[] readColumn(String what, int maxRows) throws Malformed {
        long at = offset();
        long rows = Math.abs(readLong());
        long cols = Math.abs(readLong());
        if (cols != 1 || rows > maxRows) {
            throw new Malformed("byte " + at + ": " + what + " is a " + rows + "x" + cols + " matrix, not a column of at most " + maxRows);
        }
        float[] v = new float[(int) rows];
        for (int i = 0; i < v.length; i++) {
            v[i] = readFloat();
        }
        return v;
    }
}
