package org.plegdf.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.plegdf.data.ImageFiles;
import org.plegdf.face.VideoReader;
import org.plegdf.util.PlegdfException;

/**
 * Checks at upload time that a file is whole and decodes, so that the caller hears at once (422)
 * rather than from a failed job: the container's top-level structure must fit in the file (a cut
 * MP4/MOV box, Matroska segment or AVI RIFF chunk means the upload was truncated), and FFmpeg must
 * open it and decode a first frame. Images must decode.
 */
final class ContainerCheck {
    private static final int MKV_SEGMENT = 0x18538067;

    private ContainerCheck() {}

    /**
     * @param file the stored upload
     * @param kind what its first bytes said it is
     * @throws Refusal 422 when the file is truncated or does not decode
     */
    static void check(Path file, UploadKind kind) {
        try {
            switch (kind) {
                case MP4 -> isoBoxes(file);
                case MATROSKA -> matroska(file);
                case AVI -> riff(file);
                default -> { }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (kind.input().equals("video")) {
            decodesAFrame(file);
        } else if (kind.input().equals("image")) {
            try {
                ImageFiles.readRgb(file);
            } catch (PlegdfException e) {
                throw new Refusal(422, "the image cannot be decoded (damaged or truncated)");
            }
        }
    }

    private static void isoBoxes(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long len = ch.size();
            long pos = 0;
            boolean moov = false;
            ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
            while (pos < len) {
                if (len - pos < 8) {
                    throw truncated("a box header is cut after " + pos + " bytes");
                }
                head.clear().limit(8);
                readFully(ch, head, pos);
                long size = Integer.toUnsignedLong(head.getInt(0));
                String type = new String(head.array(), 4, 4, StandardCharsets.ISO_8859_1);
                int header = 8;
                if (size == 1) {
                    head.clear().limit(8);
                    readFully(ch, head, pos + 8);
                    size = head.getLong(0);
                    header = 16;
                } else if (size == 0) {
                    size = len - pos;
                }
                if (size < header) {
                    throw new Refusal(422, "the video is damaged: box '" + printable(type) + "' at byte " + pos + " has size " + size);
                }
                if (pos + size > len) {
                    throw truncated(String.format(Locale.ROOT, "box '%s' at byte %d needs %d bytes, the file ends after %d",
                            printable(type), pos, size, len - pos));
                }
                moov |= type.equals("moov");
                pos += size;
            }
            if (!moov) {
                throw truncated("it has no 'moov' box (the index an MP4/MOV writes last)");
            }
        }
    }

    private static void matroska(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long len = ch.size();
            long pos = 0;
            while (pos < len) {
                long[] id = vint(ch, pos, false, len);
                long[] size = vint(ch, pos + id[1], true, len);
                long dataStart = pos + id[1] + size[1];
                if (size[0] < 0) {
                    return; // unknown size (a live recording): the structure cannot tell; FFmpeg decides
                }
                if (dataStart + size[0] > len) {
                    throw truncated(String.format(Locale.ROOT, "its %s needs %d bytes, the file ends after %d",
                            id[0] == MKV_SEGMENT ? "Matroska segment" : "element at byte " + pos, size[0], len - dataStart));
                }
                pos = dataStart + size[0];
            }
        }
    }

    /** An EBML variable-length integer at pos: {value (-1 for unknown size), length in bytes}. */
    private static long[] vint(FileChannel ch, long pos, boolean isSize, long len) throws IOException {
        if (pos >= len) {
            throw truncated("an element header is cut after " + pos + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(8);
        b.limit((int) Math.min(8, len - pos));
        readFully(ch, b, pos);
        int first = b.get(0) & 0xFF;
        int n = Integer.numberOfLeadingZeros(first) - 23;
        if (first == 0 || n > 8 || n > b.limit()) {
            throw new Refusal(422, "the video is damaged: bad Matroska element header at byte " + pos);
        }
        long v = isSize ? first & (0xFF >> n) : first;
        boolean allOnes = (first & (0xFF >> n)) == (0xFF >> n);
        for (int i = 1; i < n; i++) {
            int x = b.get(i) & 0xFF;
            allOnes &= x == 0xFF;
            v = (v << 8) | x;
        }
        return new long[] {isSize && allOnes ? -1 : v, n};
    }

    private static void riff(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long len = ch.size();
            long pos = 0;
            ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (len - pos >= 8) {
                head.clear();
                readFully(ch, head, pos);
                long size = Integer.toUnsignedLong(head.getInt(4));
                long end = pos + 8 + size + (size & 1);
                if (pos + 8 + size > len) {
                    throw truncated(String.format(Locale.ROOT, "its RIFF chunk at byte %d needs %d bytes, the file ends after %d", pos, size,
                            len - pos - 8));
                }
                pos = end;
            }
        }
    }

    private static void decodesAFrame(Path file) {
        try (VideoReader r = VideoReader.open(file)) {
            long[] frames = {0};
            r.forEachSampled(1, 1, (i, t, bgr) -> frames[0]++);
            if (frames[0] == 0) {
                throw new Refusal(422, "the video has no frame that decodes");
            }
        } catch (PlegdfException e) {
            throw new Refusal(422, "the video cannot be decoded (" + e.getMessage().replace(file.toString() + ": ", "") + ")");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw truncated("the file ends inside a header at byte " + p);
            }
            p += n;
        }
    }

    private static Refusal truncated(String detail) {
        return new Refusal(422, "the video is truncated or incomplete: " + detail);
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 32 && c < 127) ? type : "?";
    }
}
