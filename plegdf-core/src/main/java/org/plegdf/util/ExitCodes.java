package org.plegdf.util;

/** Process exit codes, one per class of failure; documented in {@code docs/errors.md}. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** An unexpected internal error (a bug): run with --verbose and report it. */
    public static final int INTERNAL = 1;
    /** Bad command-line usage (picocli's own code). */
    public static final int USAGE = 2;
    /** An invalid configuration value or configuration file. */
    public static final int BAD_CONFIG = 3;
    /** A dataset folder or manifest that cannot be used. */
    public static final int BAD_DATASET = 4;
    /** An image or frame folder that cannot be read. */
    public static final int BAD_IMAGE = 5;
    /** A video that cannot be decoded. */
    public static final int BAD_VIDEO = 6;
    /** No usable face where one is needed. */
    public static final int NO_FACE = 7;
    /** A model folder or bundle that is missing, corrupt or incompatible. */
    public static final int BAD_MODEL = 8;
    /** A weights file whose names or shapes do not match the network. */
    public static final int BAD_WEIGHTS = 9;
    /** An output location that cannot be written. */
    public static final int OUTPUT_NOT_WRITABLE = 10;
    /** Training diverged (NaN or infinite loss). */
    public static final int TRAINING_DIVERGED = 11;
    /** Some items of a batch job failed (the others were processed). */
    public static final int PARTIAL_FAILURE = 12;
    /** The deep-learning engine could not start (native library, device). */
    public static final int ENGINE = 13;
    /** Some videos of a batch gave no usable face (the others were processed). */
    public static final int SOME_WITHOUT_FACE = 14;

    private ExitCodes() {}
}
