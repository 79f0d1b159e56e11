package dev.fang.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * lightgbm4j extracts its native libraries to {@code ${java.io.tmpdir}/lib_lightgbm.so} and rewrites that file in
 * place each time a JVM loads it, which can crash any other JVM on the host that has it loaded (seen here as a
 * SIGSEGV in {@code LGBM_BoosterFree} when another build started). Until Fang loads LightGBM privately itself,
 * the stream tests that run several JVMs load it from a directory of their own, then remove the directory: the
 * mapped library stays valid and no other process can overwrite it.
 */
final class PrivateLightGbm {
    private static final String JAVA_IO_TMPDIR = "java.io.tmpdir";

    private PrivateLightGbm() {
    }

    /** Has no effect when an earlier test in this JVM has loaded LightGBM already. */
    static synchronized void load() throws IOException {
        String sharedTmp = System.getProperty(JAVA_IO_TMPDIR);
        Path privateDir = Files.createTempDirectory("fang-lightgbm-");
        System.setProperty(JAVA_IO_TMPDIR, privateDir.toString());
        try {
            Class.forName("io.github.metarank.lightgbm4j.LGBMBooster", true, PrivateLightGbm.class.getClassLoader());
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
