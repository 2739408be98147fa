package org.plegdf.serve;

/** A request the service refuses, with the HTTP status that says why. */
public final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status the HTTP status (400, 401, 404, 409, 413, 415, 422, 503)
     * @param message one line for the caller; never a server path
     */
    public Refusal(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }
}
