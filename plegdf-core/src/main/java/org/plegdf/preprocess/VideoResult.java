package org.plegdf.preprocess;

/**
 * The outcome of one video; also the content of its completion marker ({@value
 * VideoPreprocessor#MARKER}).
 *
 * @param videoId the video's id (output folder name)
 * @param video the video file as given
 * @param status {@code done}, {@code skipped} (finished by an earlier run), {@code frames} (a frame
 *     folder of the manifest, passed through) or {@code failed}
 * @param error one-line reason when failed, else {@code null}
 * @param warning one-line warning about a video that was processed but is suspect (truncated), else {@code null}
 * @param framesRead sampled frames analysed
 * @param framesKept frames with an aligned face (PNGs written; for a frame folder, its images);
 *     0 for a video in which no usable face was found
 * @param framesWithoutFace sampled frames without a usable face
 * @param framesDecoded all frames decoded
 * @param declaredFrames frame count the container declares (0 when unknown)
 * @param seconds processing time
 * @param settings the settings used
 */
public record VideoResult(String videoId, String video, String status, String error, String warning,
        long framesRead, long framesKept, long framesWithoutFace, long framesDecoded, long declaredFrames,
        double seconds, PreprocessSettings settings) {

    /** Status of a video processed by this run. */
    public static final String DONE = "done";
    /** Status of a video finished by an earlier run. */
    public static final String SKIPPED = "skipped";
    /** Status of a video that could not be processed. */
    public static final String FAILED = "failed";
    /** Status of a frame folder in the manifest: used as it is, nothing to preprocess. */
    public static final String FRAMES = "frames";

    /**
     * @param job the video
     * @param error why it failed
     * @param seconds time spent
     * @param settings settings
     * @return a failure result
     */
    static VideoResult failed(VideoJob job, String error, double seconds, PreprocessSettings settings) {
        return new VideoResult(job.id(), job.video().toString(), FAILED, error, null, 0, 0, 0, 0, 0, seconds, settings);
    }

    /**
     * @param job a frame folder
     * @param images its number of images
     * @param settings settings
     * @return a pass-through result
     */
    static VideoResult frameFolder(VideoJob job, int images, PreprocessSettings settings) {
        return new VideoResult(job.id(), job.video().toString(), FRAMES, null, null, 0, images, 0, 0, 0, 0, settings);
    }

    /** @return true for a video that was processed (now or earlier) and gave no usable face */
    public boolean yieldedNoFace() {
        return (DONE.equals(status) || SKIPPED.equals(status)) && framesKept == 0;
    }

    /** @return the same result marked as found finished */
    VideoResult asSkipped() {
        return new VideoResult(videoId, video, SKIPPED, null, warning, framesRead, framesKept, framesWithoutFace, framesDecoded,
                declaredFrames, seconds, settings);
    }
}
