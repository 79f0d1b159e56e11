package dev.fang.training.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Loads LightGBM's native libraries from a copy private to this process.
 *
 * <p>lightgbm4j extracts its libraries to a fixed file name in {@code java.io.tmpdir} and rewrites that file on every
 * start, so a second Fang process on the same machine (another classify instance, a training run) overwrites a library
 * the first one has mapped, and the first one dies with SIGBUS. Here each process extracts into a directory of its own,
 * which is deleted once the libraries are loaded (a loaded library stays valid after its file is removed). An explicit
 * {@code LIGHTGBM_NATIVE_LIB_PATH} is left to lightgbm4j.
 *
 * <p>The private directory is set as the process-wide {@code java.io.tmpdir} while lightgbm4j loads, and other libraries
 * extract their natives there too (RocksDB in a stream thread did, and lost its library when the directory was
 * deleted). A program therefore calls {@link #load()} at start, before it starts threads.
 */
public final class NativeLightGbm {
    private static final String BOOSTER_CLASS = "io.github.metarank.lightgbm4j.LGBMBooster";
    private static boolean loaded;

    private NativeLightGbm() {
    }

    /** Loads the libraries once; call before any lightgbm4j class is touched (lightgbm4j loads them in its static initializers). */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        if (System.getenv("LIGHTGBM_NATIVE_LIB_PATH") != null) {
            initializeBooster();
            loaded = true;
            return;
        }
        String sharedTmp = System.getProperty("java.io.tmpdir");
        Path privateDir;
        try {
            privateDir = Files.createTempDirectory("fang-lightgbm-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for LightGBM's native libraries under " + sharedTmp, e);
        }
        System.setProperty("java.io.tmpdir", privateDir.toString());
        try {
            initializeBooster();
        } finally {
            System.setProperty("java.io.tmpdir", sharedTmp);
            deleteQuietly(privateDir);
        }
        loaded = true;
    }

    private static void initializeBooster() {
        try {
            Class.forName(BOOSTER_CLASS, true, NativeLightGbm.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("lightgbm4j is not on the class path", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Left behind in the temp directory; harmless, the next start uses a new one.
        }
    }
}
