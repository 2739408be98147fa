package org.plegdf.serve;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.plegdf.util.FileTrees;

/**
 * Receives one upload: size cap (413) before and while reading, kind from the first bytes (415),
 * completeness (422), then a queued job. The upload is streamed to a private staging folder and
 * becomes a job only when every check passed; otherwise the staging folder is deleted, so a refused
 * upload leaves nothing behind. The client's file name is kept for people to read, never used as
 * a path.
 */
final class Uploads {
    /** The multipart field that carries the file. */
    static final String FIELD = "file";
    /** Multipart headers and boundaries around the file, allowed beyond the upload cap. */
    static final long MULTIPART_SLACK = 64 * 1024;
    private static final int MAX_NAME = 200;

    private final JobStore store;
    private final long maxUpload;

    Uploads(JobStore store, long maxUpload) {
        this.store = store;
        this.maxUpload = maxUpload;
    }

    /**
     * @param ctx the POST request
     * @return the new queued job
     * @throws Refusal 400, 413, 415 or 422
     */
    Job receive(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUpload + MULTIPART_SLACK) {
            throw tooLarge();
        }
        UploadedFile f = part(ctx);
        String name = displayName(f.filename());
        if (f.size() > maxUpload) {
            throw tooLarge();
        }
        Path staging = store.newStaging();
        try {
            UploadKind kind;
            Path file;
            try (InputStream in = f.content()) {
                byte[] head = in.readNBytes(UploadKind.SNIFF_BYTES);
                kind = UploadKind.sniff(head).orElseThrow(() -> new Refusal(415,
                        "not a video, image or zip of frames plegdf takes (by its content: MP4/MOV, Matroska/WebM, AVI, JPEG, PNG, zip)"));
                file = staging.resolve("input." + kind.extension());
                try (OutputStream out = JobFiles.newPrivateFile(file)) {
                    out.write(head);
                    copyAtMost(in, out, maxUpload - head.length);
                }
            }
            if (kind == UploadKind.ZIP) {
                FrameZip.extract(file, JobFiles.privateDir(staging.resolve("frames")), FrameZip.Limits.forUpload(maxUpload));
                Files.delete(file);
            } else {
                ContainerCheck.check(file, kind);
            }
            return store.accept(staging, Job.create(kind, name, f.size()));
        } catch (IOException e) {
            deleteQuietly(staging);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(staging);
            throw e;
        }
    }

    private UploadedFile part(Context ctx) {
        UploadedFile f;
        try {
            f = ctx.uploadedFile(FIELD);
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("exceeds") || String.valueOf(e.getCause()).contains("exceeds")) {
                throw tooLarge();
            }
            throw new Refusal(400, "send the file as multipart/form-data, field '" + FIELD + "'");
        }
        if (f == null) {
            throw new Refusal(400, "send the file as multipart/form-data, field '" + FIELD + "'");
        }
        return f;
    }

    /**
     * The client's file name, for display only. A name carrying a path (what a hostile client or
     * a zip-slip attempt sends) is refused rather than trimmed.
     *
     * @param raw the multipart filename, or null
     * @return the name, or null when none was given
     * @throws Refusal 400 for a name with a path, '..' or control characters
     */
    static String displayName(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        boolean pathLike = raw.contains("/") || raw.contains("\\") || raw.equals("..") || raw.startsWith("..")
                || raw.chars().anyMatch(c -> c < 32 || c == 127);
        if (pathLike) {
            throw new Refusal(400, "the file name must be a plain name, without a path");
        }
        return raw.length() > MAX_NAME ? raw.substring(0, MAX_NAME) : raw;
    }

    private void copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buf = new byte[256 * 1024];
        long copied = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            copied += n;
            if (copied > max) {
                throw tooLarge();
            }
            out.write(buf, 0, n);
        }
    }

    private Refusal tooLarge() {
        return new Refusal(413, "the upload is larger than this service accepts (" + ServeSettings.humanBytes(maxUpload) + ", --max-upload)");
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException e) {
            // incoming/ is emptied at the next start anyway
        }
    }
}
