package org.plegdf.util;

/**
 * An error the user can act on: a one-line message that names the file and the problem, and the
 * process exit code that goes with it (see {@code docs/errors.md}).
 */
public class PlegdfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of the {@link ExitCodes} constants
     * @param message one line: what is wrong and where
     */
    public PlegdfException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode one of the {@link ExitCodes} constants
     * @param message one line: what is wrong and where
     * @param cause the underlying exception, shown with {@code --verbose}
     */
    public PlegdfException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return the process exit code for this error */
    public int exitCode() {
        return exitCode;
    }
}
