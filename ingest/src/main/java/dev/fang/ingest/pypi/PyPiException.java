package dev.fang.ingest.pypi;

/** A PyPI (or mirror) request failed for good: bad status, malformed answer, retries exhausted, interrupted. */
public class PyPiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PyPiException(String message) {
        super(message);
    }

    public PyPiException(String message, Throwable cause) {
        super(message, cause);
    }
}
