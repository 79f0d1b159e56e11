package dev.fang.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fang.archive.ArchiveFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reads the real training collection (shared/datasets beside the repository, as on every developer machine
 * and in CI) as data: decrypted in memory, verified, never written or executed.
 */
class MalRegistryTest {
    static final Path DATASETS = Path.of("..", "..", "shared", "datasets");
    static final Path ZIP = DATASETS.resolve("malregistry-train.zip");
    static final Path MANIFEST = DATASETS.resolve("malregistry-train.csv");

    @Test
    void shouldDecryptEverySampleAndMatchTheManifestDigest() throws Exception {
        assertThat(ZIP).as("the training collection must be at %s", ZIP.toAbsolutePath()).exists();
        try (MalRegistry registry = MalRegistry.open(ZIP, MANIFEST, "infected")) {
            List<MalwareSample> samples = registry.samples();
            assertThat(samples).hasSize(2594);
            for (MalwareSample sample : samples) {
                byte[] archive = registry.read(sample);
                assertThat(archive).as(sample.path()).hasSize((int) sample.bytes());
                // Detected from content: some ".tar.gz" samples are really xz or plain tar.
                assertThat(ArchiveFormat.detect(archive)).as(sample.path()).isIn(switch (sample.format()) {
                    case "zip", "whl" -> Set.of(ArchiveFormat.ZIP);
                    default -> Set.of(ArchiveFormat.TAR_GZ, ArchiveFormat.TAR_BZ2, ArchiveFormat.TAR_XZ, ArchiveFormat.TAR);
                });
            }
        }
    }

    @Test
    void shouldDescribeCampaignGroupsSoSplitsCanKeepThemTogether() throws Exception {
        List<MalwareSample> samples = MalRegistry.readManifest(MANIFEST);

        Set<String> groups = samples.stream().map(MalwareSample::group).collect(Collectors.toSet());
        assertThat(groups).hasSizeGreaterThan(1000).doesNotContain("");
        assertThat(samples.stream().collect(Collectors.groupingBy(MalwareSample::group, Collectors.counting())).values())
                .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(3));
    }

    @Test
    void shouldRefuseAWrongPassword() throws Exception {
        try (MalRegistry registry = MalRegistry.open(ZIP, MANIFEST, "not-the-password")) {
            MalwareSample first = registry.samples().get(0);

            assertThatThrownBy(() -> registry.read(first)).satisfies(error ->
                    assertThat(error.getMessage()).containsAnyOf("wrong password", "CRC", "corrupt", "truncated"));
        }
    }

    @Test
    void shouldSplitQuotedCsvCells() {
        assertThat(Csv.split("a,\"b,c\",\"say \"\"hi\"\"\",")).containsExactly("a", "b,c", "say \"hi\"", "");
    }

    @Test
    void shouldNeverLeaveDecryptedSamplesOnDisk() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before;
        try (var files = Files.list(tmp)) {
            before = files.count();
        }
        try (MalRegistry registry = MalRegistry.open(ZIP, MANIFEST, "infected")) {
            registry.read(registry.samples().get(0));
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.count()).isLessThanOrEqualTo(before);
        }
    }
}
