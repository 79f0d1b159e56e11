package dev.fang.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.schema.DeadLetter;
import dev.fang.schema.FetchedArtifact;
import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseFile;
import dev.fang.schema.ReleaseKeys;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.testkit.archives.FixtureArchives;
import dev.fang.testkit.pypi.LocalPackageIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTopologyTest {
    @TempDir
    Path dataDir;

    private LocalPackageIndex index;
    private TopologyTestDriver driver;
    private TestInputTopic<String, PackageRelease> releases;
    private TestInputTopic<String, byte[]> rawReleases;
    private TestOutputTopic<String, FetchedArtifact> artifacts;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void startDriver() {
        index = new LocalPackageIndex();
        FangConfig config = FangConfig.defaults()
                .with(Setting.DATA_DIR, dataDir.toString())
                .with(Setting.FETCH_ALLOWED_HOSTS, "127.0.0.1")
                .with(Setting.FETCH_ATTEMPTS, "3")
                .with(Setting.FETCH_BACKOFF_MS, "10")
                .with(Setting.FETCH_TIMEOUT_SECONDS, "5")
                .with(Setting.FETCH_MAX_BYTES, String.valueOf(1024 * 1024));
        Properties props = StreamsSettings.forStage(Stage.INGEST, config.with(Setting.BOOTSTRAP_SERVERS, "unused:9092"));
        driver = new TopologyTestDriver(IngestTopology.build(config), props);
        releases = driver.createInputTopic(Topics.RELEASES.name(), Topics.RELEASES.keySerde().serializer(), Topics.RELEASES.valueSerde().serializer());
        rawReleases = driver.createInputTopic(Topics.RELEASES.name(), new StringSerializer(), new ByteArraySerializer());
        artifacts = driver.createOutputTopic(Topics.ARTIFACTS.name(), Topics.ARTIFACTS.keySerde().deserializer(), Topics.ARTIFACTS.valueSerde().deserializer());
        var dlq = Topics.deadLetters(Stage.INGEST);
        deadLetters = driver.createOutputTopic(dlq.name(), dlq.keySerde().deserializer(), dlq.valueSerde().deserializer());
    }

    @AfterEach
    void stopDriver() {
        driver.close();
        index.close();
    }

    @Test
    void shouldFetchVerifyStoreAndInventoryAnSdist() throws Exception {
        byte[] sdist = FixtureArchives.sdistTarGz("Demo_Pkg", "1.0", Map.of("setup.py", "print('hi')\n", "demo_pkg/__init__.py", ""));
        PackageRelease release = publish("Demo_Pkg", "1.0", "Demo_Pkg-1.0.tar.gz", sdist);

        releases.pipeInput(ReleaseKeys.of(release), release, Instant.parse("2024-09-01T12:00:00Z"));

        var record = artifacts.readRecord();
        FetchedArtifact artifact = record.value();
        assertThat(record.key()).isEqualTo("demo-pkg==1.0");
        assertThat(record.timestamp()).isEqualTo(Instant.parse("2024-09-01T12:00:00Z").toEpochMilli());
        assertThat(artifact.getFailure()).isNull();
        assertThat(artifact.getFormat()).isEqualTo("tar.gz");
        assertThat(artifact.getArtifactSha256()).isEqualTo(FixtureArchives.sha256Hex(sdist));
        assertThat(artifact.getArchiveSize()).isEqualTo(sdist.length);
        assertThat(artifact.getInventory()).extracting(entry -> entry.getPath())
                .contains("Demo_Pkg-1.0/setup.py", "Demo_Pkg-1.0/demo_pkg/__init__.py");
        assertThat(artifact.getInventory()).filteredOn(entry -> entry.getPath().endsWith("setup.py")).singleElement()
                .satisfies(entry -> assertThat(entry.getSha256()).isEqualTo(FixtureArchives.sha256Hex("print('hi')\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(Files.readAllBytes(Path.of(java.net.URI.create(artifact.getBlobUri())))).isEqualTo(sdist);
        assertThat(artifacts.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldFetchAReleaseOnceWhenItsEventIsSeenTwice() {
        PackageRelease release = publish("twice", "1.0", "twice-1.0.tar.gz", FixtureArchives.sdistTarGz("twice", "1.0", Map.of("a.py", "x = 1\n")));

        releases.pipeInput(ReleaseKeys.of(release), release);
        releases.pipeInput(ReleaseKeys.of(release), release);

        assertThat(artifacts.readValuesToList()).hasSize(1);
        assertThat(index.requestCount(index.filePath("twice", "1.0", "twice-1.0.tar.gz"))).isEqualTo(1);
    }

    @Test
    void shouldFetchOnlyTheNewFileWhenALaterEventAddsAWheel() {
        PackageRelease first = publish("grow", "2.0", "grow-2.0.tar.gz", FixtureArchives.sdistTarGz("grow", "2.0", Map.of("a.py", "")));
        index.addFile("grow", "2.0", "grow-2.0-py3-none-any.whl", FixtureArchives.wheel("grow", "2.0", Map.of("grow/__init__.py", "")), Instant.now());
        PackageRelease second = jsonApiRelease("grow", "2.0");

        releases.pipeInput(ReleaseKeys.of(first), first);
        releases.pipeInput(ReleaseKeys.of(second), second);

        assertThat(artifacts.readValuesToList()).extracting(FetchedArtifact::getFilename)
                .containsExactly("grow-2.0.tar.gz", "grow-2.0-py3-none-any.whl");
    }

    @Test
    void shouldDetectAZipNamedLikeATarballByItsContent() {
        byte[] zip = FixtureArchives.zipDisguisedAsSdist("disguised", "0.1", Map.of("setup.py", ""));
        PackageRelease release = publish("disguised", "0.1", "disguised-0.1.tar.gz", zip);

        releases.pipeInput(ReleaseKeys.of(release), release);

        assertThat(artifacts.readValue().getFormat()).isEqualTo("zip");
    }

    @Test
    void shouldDeadLetterAnUndecodableEventAndKeepGoing() {
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        PackageRelease good = publish("after", "1.0", "after-1.0.tar.gz", FixtureArchives.sdistTarGz("after", "1.0", Map.of("a.py", "")));

        rawReleases.pipeInput("broken==1", garbage);
        releases.pipeInput(ReleaseKeys.of(good), good);

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo("ingest");
        assertThat(letter.getReason()).startsWith("undecodable release event");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.RELEASES.name());
        assertThat(bytes(letter.getOriginalValue())).isEqualTo(garbage);
        assertThat(bytes(letter.getOriginalKey())).isEqualTo("broken==1".getBytes(StandardCharsets.UTF_8));
        assertThat(artifacts.readValue().getReleaseKey()).isEqualTo("after==1.0");
    }

    @Test
    void shouldDeadLetterAReleaseWithoutFiles() {
        PackageRelease empty = PackageRelease.newBuilder().setName("empty").setNormalizedName("empty").setVersion("1").build();

        releases.pipeInput("empty==1", empty);

        assertThat(deadLetters.readValue().getReason()).isEqualTo("release empty 1 lists no files to fetch");
        assertThat(artifacts.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAMissingFile() {
        PackageRelease release = publish("gone", "1.0", "gone-1.0.tar.gz", FixtureArchives.sdistTarGz("gone", "1.0", Map.of("a.py", "")));
        index.makeFileMissing("gone", "1.0", "gone-1.0.tar.gz");

        releases.pipeInput(ReleaseKeys.of(release), release);

        assertFailure("NOT_FOUND", "gone-1.0.tar.gz");
    }

    @Test
    void shouldDeadLetterAHashMismatch() {
        PackageRelease release = publish("tampered", "1.0", "tampered-1.0.tar.gz", FixtureArchives.sdistTarGz("tampered", "1.0", Map.of("a.py", "")));
        index.tamperFile("tampered", "1.0", "tampered-1.0.tar.gz", FixtureArchives.sdistTarGz("tampered", "1.0", Map.of("a.py", "import os\n")));

        releases.pipeInput(ReleaseKeys.of(release), release);

        assertFailure("HASH_MISMATCH", "tampered-1.0.tar.gz");
    }

    @Test
    void shouldRetryServerErrorsAndThenSucceed() {
        PackageRelease release = publish("flaky", "1.0", "flaky-1.0.tar.gz", FixtureArchives.sdistTarGz("flaky", "1.0", Map.of("a.py", "")));
        index.failFileDownloads("flaky", "1.0", "flaky-1.0.tar.gz", 2);

        releases.pipeInput(ReleaseKeys.of(release), release);

        assertThat(artifacts.readValue().getFailure()).isNull();
        assertThat(index.requestCount(index.filePath("flaky", "1.0", "flaky-1.0.tar.gz"))).isEqualTo(3);
    }

    @Test
    void shouldRefuseHostsOutsideTheAllowList() {
        PackageRelease release = PackageRelease.newBuilder().setName("ssrf").setNormalizedName("ssrf").setVersion("1")
                .setFiles(List.of(ReleaseFile.newBuilder().setFilename("ssrf-1.tar.gz").setUrl("http://169.254.169.254/latest/meta-data").build()))
                .build();

        releases.pipeInput("ssrf==1", release);

        assertFailure("HOST_NOT_ALLOWED", "ssrf-1.tar.gz");
    }

    @Test
    void shouldRefuseArchivesThatEscapeTheirRoot() {
        PackageRelease release = publish("escape", "1.0", "escape-1.0.tar.gz", FixtureArchives.traversalTarGz());

        releases.pipeInput(ReleaseKeys.of(release), release);

        DeadLetter letter = assertFailure("UNSAFE_ARCHIVE", "escape-1.0.tar.gz");
        assertThat(letter.getReason()).contains("path traversal");
    }

    @Test
    void shouldRefuseAnArchiveBomb() {
        PackageRelease release = publish("bomb", "1.0", "bomb-1.0.zip", FixtureArchives.zipBomb(200L * 1024 * 1024));

        releases.pipeInput(ReleaseKeys.of(release), release);

        assertFailure("UNSAFE_ARCHIVE", "bomb-1.0.zip");
    }

    @Test
    void shouldRefuseDownloadsOverTheSizeCap() {
        PackageRelease release = publish("huge", "1.0", "huge-1.0.tar.gz", new byte[2 * 1024 * 1024]);

        releases.pipeInput(ReleaseKeys.of(release), release);

        assertFailure("TOO_LARGE", "huge-1.0.tar.gz");
    }

    private DeadLetter assertFailure(String failure, String filename) {
        FetchedArtifact failed = artifacts.readValue();
        assertThat(failed.getFilename()).isEqualTo(filename);
        assertThat(failed.getFailure()).startsWith(failure);
        assertThat(failed.getBlobUri()).isNull();
        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).startsWith(failure + ": ");
        assertThat(letter.getSubject()).isEqualTo(filename);
        assertThat(artifacts.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        return letter;
    }

    private PackageRelease publish(String name, String version, String filename, byte[] content) {
        index.addRelease(name, version, Map.of(filename, content));
        return jsonApiRelease(name, version);
    }

    private PackageRelease jsonApiRelease(String name, String version) {
        return new dev.fang.ingest.pypi.PyPiJsonApi(java.net.URI.create(index.baseUrl())).release(name, version, "test").orElseThrow();
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
