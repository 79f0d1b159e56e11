package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fang.archive.ArchiveLimits;
import dev.fang.featurize.features.PackageContents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageFilesTest {
    @TempDir
    Path temp;

    @Test
    void shouldRoundTripThroughATarGzKeepingNonSourceFiles() throws Exception {
        PackageFiles original = Fixtures.load("benign/package");
        PackageFiles withReadme = new PackageFiles(original.contents(), Map.of("README.txt", "read me".getBytes(StandardCharsets.UTF_8)));
        Path archive = temp.resolve("out/demo-1.0.tar.gz");
        withReadme.write(archive);

        PackageFiles reread = PackageFiles.read(archive, ArchiveLimits.defaults());
        assertThat(reread.contents().name()).isEqualTo("demo-1.0");
        assertThat(Fixtures.texts(reread.contents())).isEqualTo(Fixtures.texts(original.contents()));
        assertThat(new String(reread.otherFiles().get("README.txt"), StandardCharsets.UTF_8)).isEqualTo("read me");
        assertThatThrownBy(() -> withReadme.write(archive)).isInstanceOf(IOException.class).hasMessageContaining("not overwriting");
    }

    @Test
    void shouldRefuseAPathThatLeavesTheOutputDirectory() {
        PackageContents escaping = Fixtures.pkg("../outside.py", "x = 1\n");
        assertThatThrownBy(() -> new PackageFiles(escaping, Map.of()).write(temp.resolve("out")))
                .isInstanceOf(IOException.class).hasMessageContaining("unsafe path");
        assertThat(Files.exists(temp.resolve("outside.py"))).isFalse();
    }
}
