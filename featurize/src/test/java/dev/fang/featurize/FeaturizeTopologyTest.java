package dev.fang.featurize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.platform.blob.BlobStore;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.schema.DeadLetter;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.FetchedArtifact;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.testkit.archives.FixtureArchives;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturizeTopologyTest {
    private static final String CANARY_SETUP = """
            import base64
            from setuptools import setup
            exec(base64.b64decode("aW1wb3J0IG9zOyBvcy5zeXN0ZW0oJ2VjaG8gY2FuYXJ5Jyk="))
            setup(name="canary", version="1.0")
            """;

    @TempDir
    Path dataDir;

    private FangConfig config;
    private TopologyTestDriver driver;
    private TestInputTopic<String, FetchedArtifact> artifacts;
    private TestInputTopic<String, byte[]> rawArtifacts;
    private TestOutputTopic<String, FeatureVector> features;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void startDriver() {
        config = FangConfig.defaults().with(Setting.DATA_DIR, dataDir.toString()).with(Setting.BOOTSTRAP_SERVERS, "unused:9092");
        driver = new TopologyTestDriver(FeaturizeTopology.build(config), StreamsSettings.forStage(Stage.FEATURIZE, config));
        artifacts = driver.createInputTopic(Topics.ARTIFACTS.name(), Topics.ARTIFACTS.keySerde().serializer(), Topics.ARTIFACTS.valueSerde().serializer());
        rawArtifacts = driver.createInputTopic(Topics.ARTIFACTS.name(), new StringSerializer(), new ByteArraySerializer());
        features = driver.createOutputTopic(Topics.FEATURES.name(), Topics.FEATURES.keySerde().deserializer(), Topics.FEATURES.valueSerde().deserializer());
        var dlq = Topics.deadLetters(Stage.FEATURIZE);
        deadLetters = driver.createOutputTopic(dlq.name(), dlq.keySerde().deserializer(), dlq.valueSerde().deserializer());
    }

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    @Test
    void shouldFeaturizeAStoredArtifactWithEvidence() throws Exception {
        FetchedArtifact artifact = stored("canary", "1.0", "canary-1.0.tar.gz",
                FixtureArchives.sdistTarGz("canary", "1.0", Map.of("setup.py", CANARY_SETUP, "canary/__init__.py", "")));

        artifacts.pipeInput("canary==1.0", artifact);

        var record = features.readRecord();
        FeatureVector vector = record.value();
        assertThat(record.key()).isEqualTo("canary==1.0");
        assertThat(vector.getFilename()).isEqualTo("canary-1.0.tar.gz");
        assertThat(vector.getArtifactSha256()).isEqualTo(artifact.getArtifactSha256()).isNotNull();
        assertThat(vector.getFeatureSetVersion()).isEqualTo(FeatureCatalogue.VERSION);
        assertThat(vector.getValues()).hasSize(FeatureCatalogue.size());
        assertThat(vector.getValues()).anySatisfy(value -> assertThat(value).isPositive());
        assertThat(vector.getEvidence()).anySatisfy(evidence -> {
            assertThat(evidence.getFile()).isEqualTo("canary-1.0/setup.py");
            assertThat(evidence.getLine()).isEqualTo(3);
        });
        assertThat(features.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldSkipArtifactsIngestCouldNotFetch() {
        FetchedArtifact failed = FetchedArtifact.newBuilder().setReleaseKey("gone==1").setName("gone").setVersion("1")
                .setFilename("gone-1.tar.gz").setFailure("NOT_FOUND: ...").setFetchedAt(Instant.now()).build();

        artifacts.pipeInput("gone==1", failed);

        assertThat(features.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAnUndecodableRecordAndKeepGoing() throws Exception {
        rawArtifacts.pipeInput("broken==1", "garbage".getBytes(StandardCharsets.UTF_8));
        artifacts.pipeInput("ok==1", stored("ok", "1", "ok-1.tar.gz", FixtureArchives.sdistTarGz("ok", "1", Map.of("ok.py", "x = 1\n"))));

        assertThat(deadLetters.readValue().getReason()).startsWith("undecodable artifact record");
        assertThat(features.readValue().getReleaseKey()).isEqualTo("ok==1");
    }

    @Test
    void shouldDeadLetterAnArtifactWhoseBlobIsMissing() {
        FetchedArtifact artifact = FetchedArtifact.newBuilder().setReleaseKey("lost==1").setName("lost").setVersion("1")
                .setFilename("lost-1.tar.gz").setBlobUri(dataDir.resolve("blobs/sha256/00/nothing").toUri().toString())
                .setFetchedAt(Instant.now()).build();

        artifacts.pipeInput("lost==1", artifact);

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo("featurize");
        assertThat(letter.getReason()).contains("lost-1.tar.gz could not be read");
        assertThat(letter.getSubject()).isEqualTo("lost-1.tar.gz");
        assertThat(features.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAnArchiveTheSafeReaderRefuses() throws Exception {
        artifacts.pipeInput("escape==1", stored("escape", "1", "escape-1.tar.gz", FixtureArchives.traversalTarGz()));

        assertThat(deadLetters.readValue().getReason()).contains("escape-1.tar.gz was not analysed").contains("path traversal");
        assertThat(features.isEmpty()).isTrue();
    }

    private FetchedArtifact stored(String name, String version, String filename, byte[] archive) throws Exception {
        BlobStore blobs = config.blobStore();
        Path file = Files.write(dataDir.resolve(filename), archive);
        String uri = blobs.put(FixtureArchives.sha256Hex(archive), file);
        return FetchedArtifact.newBuilder().setReleaseKey(name + "==" + version).setName(name).setVersion(version)
                .setFilename(filename).setArtifactSha256(FixtureArchives.sha256Hex(archive)).setBlobUri(uri)
                .setFetchedAt(Instant.now()).build();
    }
}
