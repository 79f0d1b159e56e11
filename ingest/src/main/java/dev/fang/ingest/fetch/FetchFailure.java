package dev.fang.ingest.fetch;

/** Why an artifact could not be fetched; {@link #permanent} failures are not retried when a release is seen again. */
public enum FetchFailure {
    BAD_URL(true),
    HOST_NOT_ALLOWED(true),
    NOT_FOUND(true),
    HTTP_ERROR(false),
    NETWORK(false),
    TOO_LARGE(true),
    HASH_MISMATCH(true),
    UNSAFE_ARCHIVE(true),
    STORAGE(false);

    private final boolean permanent;

    FetchFailure(boolean permanent) {
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
