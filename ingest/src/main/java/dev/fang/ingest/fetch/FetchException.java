package dev.fang.ingest.fetch;

/** An artifact that could not be fetched, with a message that names the file and what to do about it. */
public final class FetchException extends Exception {
    private final FetchFailure failure;

    public FetchException(FetchFailure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public FetchException(FetchFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public FetchFailure failure() {
        return failure;
    }
}
