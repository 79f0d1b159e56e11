package dev.fang.platform.blob;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage of artifact bytes, keyed by SHA-256. The local directory store is the default;
 * object stores (S3 and alike) implement the same three operations.
 */
public interface BlobStore {
    /** Adds the file whose SHA-256 is {@code sha256} (the caller verified it) and returns the blob's URI. */
    String put(String sha256, Path file) throws IOException;

    /** The URI of the blob with this digest, if stored. */
    Optional<String> find(String sha256);

    /** A local file holding the blob's bytes, to be read and never executed. */
    Path localFile(String uri) throws IOException;
}
