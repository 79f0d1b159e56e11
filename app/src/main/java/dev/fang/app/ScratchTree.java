package dev.fang.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Files in a temporary directory: work areas of the demo and the benchmarks, and benign Python files written out for a
 * tool that only reads them (Bandit, CPython's parser). Never malware.
 */
final class ScratchTree {
    private ScratchTree() {
    }

    /** Writes content at {@code relative} under {@code root}; null, and nothing written, when that path leaves root. */
    static Path write(Path root, String relative, byte[] content) throws IOException {
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            return null;
        }
        Files.createDirectories(target.getParent());
        return Files.write(target, content);
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
