package dev.fang.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.Understanding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
    private static final List<String> NAMES = List.of("install_api_cmd_shell", "import_url_distinct");

    @TempDir
    Path root;

    @Test
    void shouldKeepRawTokenVectorsApartFromFullOnes() throws Exception {
        FeatureCache full = new FeatureCache(root, "fang-features-1", NAMES, Understanding.FULL);
        FeatureCache raw = new FeatureCache(root, "fang-features-1", NAMES, Understanding.RAW_TOKENS);

        full.put("sha256:aa", new FeatureCache.Entry(new double[] {1, 1}, 10));

        assertThat(raw.get("sha256:aa", 2)).isEmpty();
        raw.put("sha256:aa", new FeatureCache.Entry(new double[] {0, 0}, 10));
        assertThat(full.get("sha256:aa", 2)).hasValueSatisfying(e -> assertThat(e.values()).containsExactly(1, 1));
        assertThat(raw.get("sha256:aa", 2)).hasValueSatisfying(e -> assertThat(e.values()).containsExactly(0, 0));
        try (Stream<Path> dirs = Files.list(root)) {
            assertThat(dirs.map(d -> d.getFileName().toString()).sorted())
                    .hasSize(2)
                    .anySatisfy(d -> assertThat(d).startsWith("fang-features-1-raw-tokens-"));
        }
    }

    @Test
    void shouldKeepTheDirectoryFullVectorsWereCachedInBeforeThereWasAChoice() throws Exception {
        new FeatureCache(root, "fang-features-1", NAMES, Understanding.FULL).put("sha256:bb", new FeatureCache.Entry(new double[] {2, 3}, 5));

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", NAMES).getBytes(StandardCharsets.UTF_8));
        String expected = "fang-features-1-" + HexFormat.of().formatHex(digest).substring(0, 12);
        assertThat(root.resolve(expected).resolve("sha256_bb.vec")).isRegularFile();
    }
}
