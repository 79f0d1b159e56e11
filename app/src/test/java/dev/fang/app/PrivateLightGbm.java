package dev.fang.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * lightgbm4j extracts its native libraries to {@code ${java.io.tmpdir}/lib_lightgbm.so} and rewrites that file in
 * place each time a JVM loads it, which can crash any other JVM on the host that has it loaded (seen here as
 * SIGSEGVs in {@code LGBM_BoosterFree} and {@code new_voidpp} the moment another build started). Until Fang loads
 * LightGBM privately itself, this module's test JVM loads it from a directory of its own before the first test
 * class runs, then removes the directory: the mapped library stays valid and no other process can overwrite it.
 * Registered for every test class through {@code META-INF/services} and {@code junit-platform.properties}.
 */
public final class PrivateLightGbm implements BeforeAllCallback {
    private static final String JAVA_IO_TMPDIR = "java.io.tmpdir";
    private static boolean loaded;

    public PrivateLightGbm() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        load();
    }

    private static synchronized void load() throws IOException {
        if (loaded) {
            return;
        }
        String sharedTmp = System.getProperty(JAVA_IO_TMPDIR);
        Path privateDir = Files.createTempDirectory("fang-lightgbm-");
        System.setProperty(JAVA_IO_TMPDIR, privateDir.toString());
        try {
            Class.forName("io.github.metarank.lightgbm4j.LGBMBooster", true, PrivateLightGbm.class.getClassLoader());
            loaded = true;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("lightgbm4j is not on the test class path", e);
        } finally {
            System.setProperty(JAVA_IO_TMPDIR, sharedTmp);
            deleteRecursively(privateDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
