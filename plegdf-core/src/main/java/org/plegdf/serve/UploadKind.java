package org.plegdf.serve;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an upload is, told by its first bytes (never by its name or the client's content type):
 * ISO base media (MP4, MOV: an {@code ftyp} box, or for old QuickTime files a first {@code moov},
 * {@code mdat} or {@code wide} box), Matroska / WebM (EBML), AVI (RIFF ... AVI), JPEG,
 * PNG, or a zip of face frames.
 */
public enum UploadKind {
    MP4("video", "mp4"),
    MATROSKA("video", "mkv"),
    AVI("video", "avi"),
    JPEG("image", "jpg"),
    PNG("image", "png"),
    ZIP("frames", "zip");

    /** Bytes needed to tell every kind apart. */
    public static final int SNIFF_BYTES = 16;

    private final String input;
    private final String extension;

    UploadKind(String input, String extension) {
        this.input = input;
        this.extension = extension;
    }

    /** @return video, image or frames: which prediction the upload gets (prediction.json's input.kind) */
    public String input() {
        return input;
    }

    /** @return the extension the stored file gets (the client's name is never used) */
    public String extension() {
        return extension;
    }

    /**
     * @param head the upload's first bytes (up to {@link #SNIFF_BYTES}; fewer when the file is shorter)
     * @return its kind, or empty when it is none that plegdf takes
     */
    public static Optional<UploadKind> sniff(byte[] head) {
        if (head.length >= 12 && (ascii(head, 4, "ftyp") || legacyQuickTime(head))) {
            return Optional.of(MP4);
        }
        if (startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of(MATROSKA);
        }
        if (head.length >= 12 && ascii(head, 0, "RIFF") && ascii(head, 8, "AVI ")) {
            return Optional.of(AVI);
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 'P', 'K', 3, 4)) {
            return Optional.of(ZIP);
        }
        return Optional.empty();
    }

    /**
     * @param head an image's first bytes
     * @return whether they are those of a frame a zip may hold: PNG, JPEG or BMP
     */
    public static boolean isFrameImage(byte[] head) {
        return startsWith(head, 0x89, 'P', 'N', 'G') || startsWith(head, 0xFF, 0xD8, 0xFF) || startsWith(head, 'B', 'M');
    }

    /** QuickTime files from before ftyp existed start with a moov, mdat or wide box. */
    private static boolean legacyQuickTime(byte[] head) {
        return ascii(head, 4, "moov") || ascii(head, 4, "mdat") || ascii(head, 4, "wide");
    }

    private static boolean ascii(byte[] b, int at, String s) {
        return b.length >= at + s.length() && Arrays.equals(b, at, at + s.length(), s.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, s.length());
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
