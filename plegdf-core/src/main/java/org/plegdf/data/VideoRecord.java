package org.plegdf.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One row of a manifest: a recording of a subject, the split it belongs to, its rating (absent for
 * an unlabelled recording, such as a test video whose label is withheld) and where its frames are.
 *
 * @param videoId unique id of the recording
 * @param subjectId the person recorded; all recordings of a subject share one split
 * @param split train, dev or test
 * @param bdi the score on the rating scale, or empty when the recording is unlabelled
 * @param relativePath the path exactly as written in the manifest (relative to its folder)
 * @param location the path resolved against the manifest's folder
 * @param kind a frame folder, or a video file that needs preprocessing
 */
public record VideoRecord(
        String videoId,
        String subjectId,
        Split split,
        OptionalDouble bdi,
        String relativePath,
        Path location,
        MediaKind kind) {

    /** Checks that no component is null. */
    public VideoRecord {
        Objects.requireNonNull(videoId, "videoId");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(bdi, "bdi");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * A labelled frame-folder record, the common case for writers such as the synthetic benchmark.
     *
     * @param root the manifest's folder
     * @param videoId unique id of the recording
     * @param subjectId the person recorded
     * @param split its split
     * @param bdi its score
     * @param relativePath the frame folder, relative to {@code root}, with '/' separators
     * @return the record
     */
    public static VideoRecord frames(Path root, String videoId, String subjectId, Split split, double bdi, String relativePath) {
        return new VideoRecord(videoId, subjectId, split, OptionalDouble.of(bdi), relativePath,
                root.resolve(relativePath), MediaKind.FRAMES);
    }

    /** @return true when the recording has a score */
    public boolean isLabelled() {
        return bdi.isPresent();
    }

    /**
     * @return the score
     * @throws IllegalStateException when the recording is unlabelled (filter with {@link #isLabelled()})
     */
    public double label() {
        if (bdi.isEmpty()) {
            throw new IllegalStateException("video '" + videoId + "' is unlabelled");
        }
        return bdi.getAsDouble();
    }

    /** @return true when the path is a video file that must be turned into face frames first */
    public boolean needsPreprocessing() {
        return kind == MediaKind.VIDEO;
    }
}
