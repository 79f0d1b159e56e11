package dev.fang.robustness.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Results of expensive per-package work (attacks, obfuscations) as small JSON files under {@code root/namespace/key.json},
 * so an interrupted study resumes where it stopped. Keys name everything the result depends on (model, package digest,
 * seed), so a stale entry is never read. Only scores and feature vectors are stored, never package contents.
 */
final class ResultCache {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    /** {@code root} null: nothing is cached. */
    ResultCache(Path root) {
        this.root = root;
    }

    <T> Optional<T> get(String namespace, String key, Class<T> type) {
        if (root == null) {
            return Optional.empty();
        }
        Path file = file(namespace, key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), type));
        } catch (IOException e) {
            // A file that does not read back (e.g. from an older layout) is recomputed and overwritten.
            return Optional.empty();
        }
    }

    void put(String namespace, String key, Object value) {
        if (root == null) {
            return;
        }
        Path file = file(namespace, key);
        try {
            Files.createDirectories(file.getParent());
            // Written aside and moved, so a run killed mid-write leaves no half file behind.
            Path partial = Files.createTempFile(file.getParent(), ".partial-", ".json");
            JSON.writeValue(partial.toFile(), value);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the study cache under " + root, e);
        }
    }

    private Path file(String namespace, String key) {
        return root.resolve(safe(namespace)).resolve(safe(key) + ".json");
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
