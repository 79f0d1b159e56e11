package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.ingest.ReleasePublisher;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.kafka.EmbeddedKafka;
import dev.fang.platform.kafka.TopicAdmin;
import dev.fang.schema.PackageRelease;
import dev.fang.schema.Topics;
import dev.fang.testkit.archives.FixtureArchives;
import dev.fang.testkit.pypi.LocalPackageIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher `fang run` drives: PyPI's changelog into fang.releases, resuming from its cursor after a restart. */
class WatcherIT {
    @TempDir
    Path dir;

    @Test
    void shouldPublishNewReleasesFromTheChangelogAndResumeAfterARestart() {
        try (LocalPackageIndex index = new LocalPackageIndex(); EmbeddedKafka kafka = EmbeddedKafka.start();
             ReleasePublisher publisher = new ReleasePublisher(kafka.bootstrapServers())) {
            TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.all(), 1, (short) 1);
            FangConfig config = FangConfig.defaults()
                    .with(Setting.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                    .with(Setting.DATA_DIR, dir.toString())
                    .with(Setting.PYPI_BASE_URL, index.baseUrl() + "/")
                    .with(Setting.PYPI_WATCH, "changelog");
            index.addRelease("history", "0.9", Map.of("history-0.9.tar.gz", sdist("history", "0.9")));

            assertThat(Watcher.forConfig(config, publisher).getAsInt()).as("first start begins at the newest serial").isZero();
            index.addRelease("fresh", "1.0", Map.of("fresh-1.0.tar.gz", sdist("fresh", "1.0")));
            var watcher = Watcher.forConfig(config, publisher);
            assertThat(watcher.getAsInt()).isEqualTo(1);
            assertThat(watcher.getAsInt()).isZero();
            index.addRelease("later", "2.0", Map.of("later-2.0.tar.gz", sdist("later", "2.0")));
            assertThat(Watcher.forConfig(config, publisher).getAsInt()).as("a restarted watcher resumes from its cursor").isEqualTo(1);

            List<PackageRelease> published = readReleases(kafka, 2);
            assertThat(published).extracting(PackageRelease::getName).containsExactly("fresh", "later");
            assertThat(published).allSatisfy(release -> {
                assertThat(release.getSource()).isEqualTo("pypi-changelog");
                assertThat(release.getSerial()).isNotNull();
                assertThat(release.getFiles()).singleElement().satisfies(file -> assertThat(file.getSha256()).hasSize(64));
            });
            assertThat(Files.exists(dir.resolve("cursors").resolve("pypi-changelog.serial"))).isTrue();
        }
    }

    @Test
    void shouldRefuseAnUnknownWatchKind() {
        FangConfig config = FangConfig.defaults().with(Setting.PYPI_WATCH, "smoke-signals");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Watcher.forConfig(config, null))
                .hasMessage("pypi.watch must be changelog, rss or none, not 'smoke-signals'");
    }

    private static byte[] sdist(String name, String version) {
        return FixtureArchives.sdistTarGz(name, version, Map.of("m.py", "x = 1\n"));
    }

    private static List<PackageRelease> readReleases(EmbeddedKafka kafka, int expected) {
        List<PackageRelease> releases = new ArrayList<>();
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), List.of(Topics.RELEASES), true)) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (releases.size() < expected && System.currentTimeMillis() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(record -> releases.add((PackageRelease) TopicReader.decode(Topics.RELEASES, record)));
            }
        }
        return releases;
    }
}
