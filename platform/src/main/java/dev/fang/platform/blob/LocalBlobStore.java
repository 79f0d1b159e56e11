package dev.fang.platform.blob;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Blobs as files under {@code root/sha256/ab/abcdef...}; URIs are {@code file:} URIs of those files. */
public final class LocalBlobStore implements BlobStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    public LocalBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String put(String sha256, Path file) throws IOException {
        Path target = pathOf(sha256);
        if (!Files.exists(target)) {
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
            Files.copy(file, staging, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another instance stored the same content first: same digest, same bytes.
                Files.deleteIfExists(staging);
            }
        }
        return target.toUri().toString();
    }

    @Override
    public Optional<String> find(String sha256) {
        Path path = pathOf(sha256);
        return Files.isRegularFile(path) ? Optional.of(path.toUri().toString()) : Optional.empty();
    }

    @Override
    public Path localFile(String uri) throws IOException {
        Path path = Path.of(URI.create(uri)).toAbsolutePath().normalize();
        if (!path.startsWith(root) || !Files.isRegularFile(path)) {
            throw new IOException("blob " + uri + " is not in the store at " + root);
        }
        return path;
    }

    private Path pathOf(String sha256) {
        String digest = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: '" + sha256 + "'");
        }
        return root.resolve("sha256").resolve(digest.substring(0, 2)).resolve(digest);
    }
}
