package org.plegdf.synth;

/**
 * The size and seed of a synthetic dataset.
 *
 * @param subjects number of subjects (at least 4, so every split gets one)
 * @param videosPerSubject recordings per subject (1 or more; extra ones get a nearby score)
 * @param frames frames per video
 * @param size side of the square face crops, in pixels
 * @param seed the seed: the same options give byte-identical datasets
 */
public record SynthOptions(int subjects, int videosPerSubject, int frames, int size, long seed) {
    /** Default number of subjects. */
    public static final int DEFAULT_SUBJECTS = 60;
    /** Default frames per video. */
    public static final int DEFAULT_FRAMES = 48;
    /** Default face-crop side (the CPU model's input size). */
    public static final int DEFAULT_SIZE = 112;
    /**
     * Default recordings per subject. Two, as most AVEC2013 subjects have: the same face at two
     * scores is what lets a model trained on 30 subjects tell the cues from the identity.
     */
    public static final int DEFAULT_VIDEOS_PER_SUBJECT = 2;
    /** Default seed. */
    public static final long DEFAULT_SEED = 7;

    /** Checks the ranges. */
    public SynthOptions {
        if (subjects < 4 || subjects > 100_000) {
            throw new IllegalArgumentException("--subjects must be in [4, 100000] (one per split at least), got " + subjects);
        }
        if (videosPerSubject < 1 || videosPerSubject > 10) {
            throw new IllegalArgumentException("--videos-per-subject must be in [1, 10], got " + videosPerSubject);
        }
        if (frames < 1 || frames > 100_000) {
            throw new IllegalArgumentException("--frames must be in [1, 100000], got " + frames);
        }
        if (size < 32 || size > 1024) {
            throw new IllegalArgumentException("--size must be in [32, 1024], got " + size);
        }
    }

    /** @return the defaults: 60 subjects, 2 videos each, 48 frames, 112 px, seed 7 */
    public static SynthOptions defaults() {
        return new SynthOptions(DEFAULT_SUBJECTS, DEFAULT_VIDEOS_PER_SUBJECT, DEFAULT_FRAMES, DEFAULT_SIZE, DEFAULT_SEED);
    }
}
