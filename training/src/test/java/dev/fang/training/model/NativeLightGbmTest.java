package dev.fang.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.metarank.lightgbm4j.LGBMBooster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLightGbmTest {
    /** Run in a fresh JVM: loads LightGBM the way Fang does and trains nothing, just proves the library is usable. */
    public static void main(String[] args) {
        NativeLightGbm.load();
        System.out.println("loaded=" + LGBMBooster.isNativeLoaded() + " tmpdir=" + System.getProperty("java.io.tmpdir"));
    }

    @Test
    void shouldLoadTheNativeLibraryWithoutLeavingASharedCopyInTheTempDirectory(@TempDir Path tmp) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + tmp, NativeLightGbmTest.class.getName())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes());

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("loaded=true tmpdir=" + tmp);
        try (Stream<Path> left = Files.list(tmp)) {
            // lightgbm4j on its own leaves lib_lightgbm.so here, where the next process overwrites it
            assertThat(left).isEmpty();
        }
    }
}
