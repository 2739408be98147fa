package org.plegdf.predict;

import java.nio.file.Path;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * How predictions are made. Immutable; change a value with the {@code with...} methods.
 *
 * @param minFrames fewest usable face frames a video or frame folder must give (default 5)
 * @param batchSize frames per forward pass (default 32)
 * @param maxFrames stop a video after this many analysed frames (0 = whole video)
 * @param intervalLevel coverage of the bootstrap interval (default 0.9)
 * @param bootstrapSamples bootstrap resamples of the frames (default 2000)
 * @param seed seed of the bootstrap (results are reproducible)
 * @param evidenceFaces most aligned faces kept for the report and the saliency map (default 16)
 * @param detectorModel the YuNet ONNX file, needed only when the model was trained on YuNet crops
 * @param progress show a progress bar while a video is processed
 */
public record PredictOptions(int minFrames, int batchSize, long maxFrames, double intervalLevel, int bootstrapSamples, long seed,
        int evidenceFaces, Path detectorModel, boolean progress) {

    /** Checks the values. */
    public PredictOptions {
        require(minFrames >= 1, "min frames must be >= 1, got " + minFrames);
        require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        require(maxFrames >= 0, "max frames must be >= 0, got " + maxFrames);
        require(intervalLevel > 0 && intervalLevel < 1, "interval level must be in (0, 1), got " + intervalLevel);
        require(bootstrapSamples >= 100, "bootstrap samples must be >= 100, got " + bootstrapSamples);
        require(evidenceFaces >= 1 && evidenceFaces <= 64, "evidence faces must be in [1, 64], got " + evidenceFaces);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new PlegdfException(ExitCodes.USAGE, message);
        }
    }

    /** @return the defaults */
    public static PredictOptions defaults() {
        return new PredictOptions(5, 32, 0, 0.9, 2000, 42, 16, null, false);
    }

    /**
     * @param n fewest usable face frames
     * @return a copy with that value
     */
    public PredictOptions withMinFrames(int n) {
        return new PredictOptions(n, batchSize, maxFrames, intervalLevel, bootstrapSamples, seed, evidenceFaces, detectorModel, progress);
    }

    /**
     * @param n frames per forward pass
     * @return a copy with that value
     */
    public PredictOptions withBatchSize(int n) {
        return new PredictOptions(minFrames, n, maxFrames, intervalLevel, bootstrapSamples, seed, evidenceFaces, detectorModel, progress);
    }

    /**
     * @param n analysed-frame limit per video (0 = none)
     * @return a copy with that value
     */
    public PredictOptions withMaxFrames(long n) {
        return new PredictOptions(minFrames, batchSize, n, intervalLevel, bootstrapSamples, seed, evidenceFaces, detectorModel, progress);
    }

    /**
     * @param file the YuNet ONNX file
     * @return a copy with that value
     */
    public PredictOptions withDetectorModel(Path file) {
        return new PredictOptions(minFrames, batchSize, maxFrames, intervalLevel, bootstrapSamples, seed, evidenceFaces, file, progress);
    }

    /**
     * @param show whether to show a progress bar for videos
     * @return a copy with that value
     */
    public PredictOptions withProgress(boolean show) {
        return new PredictOptions(minFrames, batchSize, maxFrames, intervalLevel, bootstrapSamples, seed, evidenceFaces, detectorModel, show);
    }
}
