package dev.fang.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.ingest.pypi.PyPiJsonApi;
import dev.fang.ingest.replay.FeedFormat;
import dev.fang.ingest.replay.FeedReplayer;
import dev.fang.ingest.replay.ReplaySpeed;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.kafka.EmbeddedKafka;
import dev.fang.platform.kafka.StageRunner;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.platform.kafka.TopicAdmin;
import dev.fang.schema.DeadLetter;
import dev.fang.schema.FetchedArtifact;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.testkit.archives.FixtureArchives;
import dev.fang.testkit.pypi.LocalPackageIndex;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest stage on a real broker: a replayed feed in, artifacts and dead letters out, nothing lost. */
class IngestPipelineIT {
    private static final int GOOD_RELEASES = 20;

    @TempDir
    Path dir;

    @Test
    void shouldReplayAFeedThroughIngestDeadLetteringBadRecordsAndKeepingGoodOnes() throws Exception {
        try (LocalPackageIndex index = new LocalPackageIndex(); EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Path feed = feedWithGoodAndBadReleases(index);
            FangConfig config = FangConfig.defaults()
                    .with(Setting.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                    .with(Setting.DATA_DIR, dir.resolve("data").toString())
                    .with(Setting.FETCH_ALLOWED_HOSTS, "127.0.0.1")
                    .with(Setting.FETCH_BACKOFF_MS, "10")
                    .with(Setting.TOPIC_PARTITIONS, "3");
            TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.all(), config.topicPartitions(), config.replicationFactor());

            FeedReplayer.Summary replayed;
            try (StageRunner ingest = StageRunner.start("ingest", IngestTopology.build(config), StreamsSettings.forStage(Stage.INGEST, config));
                 ReleasePublisher publisher = new ReleasePublisher(kafka.bootstrapServers())) {
                replayed = new FeedReplayer(publisher, ReplaySpeed.FULL, "replay").replay(feed);
                List<ConsumerRecord<String, FetchedArtifact>> artifacts = read(kafka, Topics.ARTIFACTS.name(), Topics.ARTIFACTS.valueSerde().deserializer(), GOOD_RELEASES + 2);
                List<ConsumerRecord<String, DeadLetter>> deadLetters = read(kafka, Topics.deadLetters(Stage.INGEST).name(),
                        Topics.deadLetters(Stage.INGEST).valueSerde().deserializer(), 3);

                assertThat(replayed.published()).isEqualTo(GOOD_RELEASES + 2 + 1);
                assertThat(replayed.rejected()).isEqualTo(1);
                assertThat(artifacts).filteredOn(record -> record.value().getFailure() == null)
                        .extracting(ConsumerRecord::key)
                        .containsExactlyInAnyOrderElementsOf(goodKeys());
                assertThat(artifacts).filteredOn(record -> record.value().getFailure() != null)
                        .extracting(record -> record.value().getFailure().split(":")[0])
                        .containsExactlyInAnyOrder("NOT_FOUND", "UNSAFE_ARCHIVE");
                assertThat(deadLetters).extracting(record -> record.value().getReason())
                        .anySatisfy(reason -> assertThat(reason).contains("feed.jsonl line 4: not JSON"))
                        .anySatisfy(reason -> assertThat(reason).startsWith("NOT_FOUND"))
                        .anySatisfy(reason -> assertThat(reason).startsWith("UNSAFE_ARCHIVE").contains("compression"));
                // Replay keeps history's clock: records carry the original upload times.
                assertThat(artifacts).allSatisfy(record -> assertThat(record.timestamp()).isLessThan(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli()));
            }
        }
    }

    private Path feedWithGoodAndBadReleases(LocalPackageIndex index) throws Exception {
        PyPiJsonApi api = new PyPiJsonApi(URI.create(index.baseUrl()));
        Instant uploaded = Instant.parse("2024-06-01T00:00:00Z");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < GOOD_RELEASES; i++) {
            String name = "good-" + i;
            index.addRelease(name, "1.0", Map.of(name + "-1.0.tar.gz", FixtureArchives.sdistTarGz(name, "1.0", Map.of("mod.py", "VALUE = " + i + "\n"))), uploaded.plusSeconds(60L * i));
            lines.add(FeedFormat.format(api.release(name, "1.0", "replay").orElseThrow()));
            if (i == 2) {
                lines.add("{this is not json");
            }
        }
        index.addRelease("vanished", "1.0", Map.of("vanished-1.0.tar.gz", FixtureArchives.sdistTarGz("vanished", "1.0", Map.of("a.py", ""))), uploaded);
        lines.add(FeedFormat.format(api.release("vanished", "1.0", "replay").orElseThrow()));
        index.makeFileMissing("vanished", "1.0", "vanished-1.0.tar.gz");
        index.addRelease("bomb", "1.0", Map.of("bomb-1.0.tar.gz", FixtureArchives.gzipTarBomb(64L * 1024 * 1024)), uploaded);
        lines.add(FeedFormat.format(api.release("bomb", "1.0", "replay").orElseThrow()));
        lines.add(lines.get(0)); // a repeated event is fetched once
        Path feed = dir.resolve("feed.jsonl");
        Files.write(feed, lines);
        return feed;
    }

    private static List<String> goodKeys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < GOOD_RELEASES; i++) {
            keys.add("good-" + i + "==1.0");
        }
        return keys;
    }

    /** Reads committed records until {@code expected} arrived, then a little longer to catch any extras. */
    private static <V> List<ConsumerRecord<String, V>> read(EmbeddedKafka kafka, String topic,
                                                            org.apache.kafka.common.serialization.Deserializer<V> values, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            while (records.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }
}
