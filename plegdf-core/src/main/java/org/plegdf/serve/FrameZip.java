package org.plegdf.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.plegdf.data.FrameFolder;

/**
 * Unpacks a zip of aligned face frames into a folder for {@code predictFrames}, refusing what could
 * harm the machine. Entry names never become paths: frames are written as {@code 000000.png},
 * {@code 000001.jpg}, ... in the natural order of their names (what {@code predict --frames} does
 * with a folder), so a name like {@code ../../x} cannot escape; such names are refused anyway (400),
 * as a sign of a hostile archive. Zip bombs are stopped by counting the bytes actually inflated
 * (headers can lie): at most {@link Limits#maxEntries} entries and {@link Limits#maxTotalBytes}
 * in all, and no entry inflating more than {@link Limits#maxRatio} times its compressed size.
 * Only entries whose bytes are PNG, JPEG or BMP are frames; others (a faces.csv, __MACOSX) are
 * skipped.
 */
final class FrameZip {

    /**
     * @param maxEntries most entries the archive may list
     * @param maxTotalBytes most bytes all frames may inflate to
     * @param maxRatio most an entry may inflate relative to its compressed size
     */
    record Limits(int maxEntries, long maxTotalBytes, int maxRatio) {
        /**
         * @param maxUpload the service's upload cap
         * @return 100,000 entries, 4 times the upload cap in all, a ratio of 200
         */
        static Limits forUpload(long maxUpload) {
            return new Limits(100_000, Math.min(Long.MAX_VALUE / 8, maxUpload) * 4, 200);
        }
    }

    private FrameZip() {}

    /**
     * @param zip the uploaded archive
     * @param out the empty folder to write frames to
     * @param limits the caps
     * @return the number of frames written
     * @throws Refusal 400 for an entry name leaving the archive, 413 past a cap, 422 for a
     *     damaged archive or one without frames
     */
    static int extract(Path zip, Path out, Limits limits) throws IOException {
        List<ZipEntry> frames = new ArrayList<>();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            if (zf.size() > limits.maxEntries()) {
                throw new Refusal(413, "the zip lists " + zf.size() + " entries; at most " + limits.maxEntries() + " are accepted");
            }
            for (Enumeration<? extends ZipEntry> e = zf.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                checkName(entry.getName());
                if (!entry.isDirectory()) {
                    frames.add(entry);
                }
            }
            frames.sort((a, b) -> FrameFolder.NATURAL_ORDER.compare(a.getName(), b.getName()));
            long total = 0;
            int written = 0;
            byte[] head = new byte[UploadKind.SNIFF_BYTES];
            for (ZipEntry entry : frames) {
                try (InputStream in = zf.getInputStream(entry)) {
                    int n = in.readNBytes(head, 0, head.length);
                    byte[] first = java.util.Arrays.copyOf(head, n);
                    if (!UploadKind.isFrameImage(first)) {
                        continue;
                    }
                    String ext = first[0] == 'B' ? "bmp" : first[0] == (byte) 0x89 ? "png" : "jpg";
                    Path target = out.resolve(String.format(Locale.ROOT, "%06d.%s", written, ext));
                    long cap = Math.min(limits.maxTotalBytes() - total, ratioCap(entry, limits));
                    try (OutputStream o = JobFiles.newPrivateFile(target)) {
                        o.write(first);
                        total += n + copyAtMost(in, o, cap - n);
                    }
                    written++;
                }
            }
            if (written == 0) {
                throw new Refusal(422, "the zip holds no face frames (PNG, JPEG or BMP images)");
            }
            return written;
        } catch (ZipException e) {
            throw new Refusal(422, "the zip is damaged or truncated (" + e.getMessage() + ")");
        }
    }

    private static long ratioCap(ZipEntry entry, Limits limits) {
        long compressed = entry.getCompressedSize();
        // Small entries may compress well (flat PNG areas); the ratio only binds beyond 1 MiB.
        return compressed <= 0 ? Long.MAX_VALUE : Math.max(1 << 20, compressed * limits.maxRatio());
    }

    private static long copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long copied = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            copied += n;
            if (copied > max) {
                throw new Refusal(413, "the zip inflates beyond what is accepted (a zip bomb?); at most "
                        + ServeSettings.humanBytes(Math.max(0, max)) + " more were allowed");
            }
            out.write(buf, 0, n);
        }
        return copied;
    }

    /** Refuses absolute names, drive letters and any '..' part: classic zip-slip. */
    static void checkName(String name) {
        String n = name.replace('\\', '/');
        boolean escapes = n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0
                || java.util.Arrays.asList(n.split("/")).contains("..");
        if (escapes) {
            throw new Refusal(400, "the zip has an entry whose name leaves the archive (zip-slip); refused");
        }
    }
}
