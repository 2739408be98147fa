package org.plegdf.model.interop;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a pickle stream with a known end (the file or zip entry size), so that every length
 * a hostile file claims is checked against what is really there before anything is allocated.
 */
final class PickleInput {
    private static final int MAX_LINE = 1 << 16;

    private final InputStream in;
    private final long limit;
    private long position;

    /**
     * @param in the stream (buffered by the caller)
     * @param limit how many bytes it holds
     */
    PickleInput(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    /** @return bytes read so far */
    long position() {
        return position;
    }

    /** @return bytes left */
    long remaining() {
        return limit - position;
    }

    int readByte() throws IOException {
        if (position >= limit) {
            throw new EOFException("the data ends before the pickle's STOP");
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the data ends before the pickle's STOP");
        }
        position++;
        return b;
    }

    /**
     * @param n a length the file claims
     * @return exactly n bytes
     * @throws IOException when n exceeds what is left (checked before allocating)
     */
    byte[] readBytes(long n) throws IOException {
        if (n < 0 || n > remaining()) {
            throw new EOFException("a length of " + n + " bytes where only " + remaining() + " remain");
        }
        if (n > TorchCheckpoint.MAX_STORAGE_BYTES) {
            throw new IOException("a length of " + n + " bytes, more than one Java array holds");
        }
        byte[] b = readFully(in, (int) n);
        position += n;
        return b;
    }

    /**
     * One read per call into an array of the final size (InputStream.readNBytes reads 8 KB chunks
     * and joins them, which made large storages twice as slow to read).
     *
     * @param in a stream
     * @param n bytes to read
     * @return exactly n bytes
     * @throws EOFException when the stream ends first
     */
    static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new EOFException("the data ends " + (n - off) + " bytes early");
            }
            off += r;
        }
        return b;
    }

    /** Skips n bytes (checked against what is left). */
    void skip(long n) throws IOException {
        if (n < 0 || n > remaining()) {
            throw new EOFException("a length of " + n + " bytes where only " + remaining() + " remain");
        }
        in.skipNBytes(n);
        position += n;
    }

    /** @return a little-endian unsigned integer of 1, 2 or 4 bytes, or a signed one of 8 */
    long readLe(int bytes) throws IOException {
        byte[] b = readBytes(bytes);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return switch (bytes) {
            case 1 -> b[0] & 0xff;
            case 2 -> buf.getShort() & 0xffff;
            case 4 -> buf.getInt() & 0xffffffffL;
            default -> buf.getLong();
        };
    }

    /** @return a protocol-0 text argument, up to its newline (which is dropped) */
    String readLine() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b = readByte(); b != '\n'; b = readByte()) {
            if (s.length() >= MAX_LINE) {
                throw new IOException("a text argument longer than " + MAX_LINE + " bytes");
            }
            s.append((char) b);
        }
        return new String(s.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
