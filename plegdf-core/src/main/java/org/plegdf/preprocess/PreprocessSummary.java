package org.plegdf.preprocess;

import java.util.List;

/**
 * The run summary, printed and written as {@value PreprocessRun#SUMMARY}.
 *
 * @param videos videos in the input
 * @param done processed by this run
 * @param skipped finished by an earlier run (same settings)
 * @param failed could not be processed
 * @param warnings processed, with a warning (a truncated file); see the results
 * @param framesRead sampled frames analysed by this run
 * @param framesKept of those, frames with an aligned face
 * @param framesWithoutFace of those, frames without a usable face
 * @param framesDecoded all frames decoded by this run
 * @param seconds wall time of the run
 * @param framesPerSecond sampled frames analysed per second of wall time
 * @param decodedPerSecond video frames decoded per second of wall time
 * @param workers videos processed in parallel
 * @param settings the settings
 * @param results one entry per video
 */
public record PreprocessSummary(int videos, int done, int skipped, int failed, int warnings,
        long framesRead, long framesKept, long framesWithoutFace, long framesDecoded,
        double seconds, double framesPerSecond, double decodedPerSecond, int workers,
        PreprocessSettings settings, List<VideoResult> results) {

    /** @return one line for the terminal */
    public String line() {
        return String.format(java.util.Locale.ROOT,
                "%d videos: %d done, %d already done, %d failed%s; frames read %d, kept %d, without face %d; %.1f s, %.1f frames/s (%.1f decoded/s)",
                videos, done, skipped, failed, warnings > 0 ? ", " + warnings + " with warnings" : "", framesRead, framesKept, framesWithoutFace, seconds, framesPerSecond, decodedPerSecond);
    }
}
