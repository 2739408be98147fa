package org.plegdf.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One prediction job as {@code job.json} keeps it. Immutable: every change is a new record,
 * written atomically. Timestamps are ISO-8601 UTC strings.
 *
 * @param id the server-generated UUID (the only name of a job that a request carries)
 * @param status queued, running, done or failed
 * @param kind what the upload was, told by its bytes (mp4, mkv, avi, jpg, png, zip)
 * @param input video, image or frames
 * @param name the client's file name, for people only (never a path); may be null
 * @param sizeBytes the upload's size
 * @param created when it was accepted
 * @param started when its latest attempt started, or null
 * @param finished when it ended, or null
 * @param attempts how many times it was started (a restart mid-job makes it 2)
 * @param summary score, band and scale of a done job, or null
 * @param error what stopped a failed job, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Job(@JsonProperty("id") String id, @JsonProperty("status") Status status, @JsonProperty("kind") String kind,
        @JsonProperty("input") String input, @JsonProperty("name") String name, @JsonProperty("size_bytes") long sizeBytes,
        @JsonProperty("created") String created, @JsonProperty("started") String started, @JsonProperty("finished") String finished,
        @JsonProperty("attempts") int attempts, @JsonProperty("summary") Summary summary, @JsonProperty("error") Failure error) {

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    /** Where a job is. */
    public enum Status {
        @JsonProperty("queued") QUEUED,
        @JsonProperty("running") RUNNING,
        @JsonProperty("done") DONE,
        @JsonProperty("failed") FAILED;

        /** @return the name the API uses */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @return whether the job has ended */
        public boolean ended() {
            return this == DONE || this == FAILED;
        }
    }

    /**
     * @param score the prediction's score
     * @param band its band
     * @param scale the rating scale's name
     * @param scaleMax its maximum
     */
    public record Summary(@JsonProperty("score") double score, @JsonProperty("band") String band, @JsonProperty("scale") String scale,
            @JsonProperty("scale_max") double scaleMax) {}

    /**
     * @param code the plegdf exit code of the failure (docs/errors.md), e.g. 7 for no usable face
     * @param message one line, without server paths
     */
    public record Failure(@JsonProperty("code") int code, @JsonProperty("message") String message) {}

    /**
     * @param kind the upload's kind
     * @param name the client's file name (shown to people), or null
     * @param size its size in bytes
     * @return a new queued job with a fresh random id
     */
    static Job create(UploadKind kind, String name, long size) {
        return new Job(UUID.randomUUID().toString(), Status.QUEUED, kind.extension(), kind.input(), name, size, now(), null, null, 0, null, null);
    }

    /**
     * @param text an id from a request
     * @return whether it is a job id as this service makes them (a lower-case UUID, nothing else)
     */
    public static boolean isValidId(String text) {
        return text != null && UUID_TEXT.matcher(text).matches();
    }

    Job running() {
        return new Job(id, Status.RUNNING, kind, input, name, sizeBytes, created, now(), null, attempts + 1, null, null);
    }

    Job requeued() {
        return new Job(id, Status.QUEUED, kind, input, name, sizeBytes, created, started, null, attempts, null, null);
    }

    Job done(Summary s) {
        return new Job(id, Status.DONE, kind, input, name, sizeBytes, created, started, now(), attempts, s, null);
    }

    Job failed(Failure f) {
        return new Job(id, Status.FAILED, kind, input, name, sizeBytes, created, started, now(), attempts, null, f);
    }

    /** @return when it was accepted */
    Instant createdAt() {
        return Instant.parse(created);
    }

    /** @return when it ended, or null */
    Instant finishedAt() {
        return finished == null ? null : Instant.parse(finished);
    }

    private static String now() {
        return Instant.now().toString();
    }
}
