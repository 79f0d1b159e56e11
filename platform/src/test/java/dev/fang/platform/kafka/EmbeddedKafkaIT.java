package dev.fang.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseKeys;
import dev.fang.schema.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.all(), 3, (short) 1);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldCreateEveryFangTopicWithTheConsumersTopicCompacted() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .containsAll(Topics.all().stream().map(topic -> topic.name()).toList());
            Map<String, TopicDescription> releases = admin.describeTopics(List.of(Topics.RELEASES.name())).allTopicNames().get();
            assertThat(releases.get(Topics.RELEASES.name()).partitions()).hasSize(3);
            ConfigResource consumers = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CONSUMERS.name());
            String policy = admin.describeConfigs(List.of(consumers)).all().get().get(consumers).get("cleanup.policy").value();
            assertThat(policy).isEqualTo("compact");
        }
    }

    @Test
    void shouldLeaveExistingTopicsAsTheyAreWhenCreatingAgain() throws Exception {
        TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.all(), 5, (short) 1);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<String, TopicDescription> releases = admin.describeTopics(List.of(Topics.RELEASES.name())).allTopicNames().get();
            assertThat(releases.get(Topics.RELEASES.name()).partitions()).hasSize(3);
        }
    }

    @Test
    void shouldKeepTopicsWhenRestartedOnItsDataDirectory(@TempDir Path logDir) throws Exception {
        try (EmbeddedKafka first = EmbeddedKafka.start(logDir, false, 0)) {
            TopicAdmin.ensureTopics(first.bootstrapServers(), List.of(Topics.RELEASES), 2, (short) 1);
        }

        try (EmbeddedKafka restarted = EmbeddedKafka.start(logDir, false, 0);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, restarted.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains(Topics.RELEASES.name());
        }
    }

    @Test
    void shouldCarryAvroRecordsThroughTheBroker() {
        PackageRelease release = PackageRelease.newBuilder()
                .setName("Demo_Pkg").setNormalizedName(ReleaseKeys.normalizeName("Demo_Pkg")).setVersion("1.0")
                .setSource("test").build();
        String key = ReleaseKeys.of(release);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, PackageRelease> producer = new KafkaProducer<>(producerProps,
                Topics.RELEASES.keySerde().serializer(), Topics.RELEASES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.RELEASES.name(), key, release));
        }

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-it");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, PackageRelease>> received = new ArrayList<>();
        try (KafkaConsumer<String, PackageRelease> consumer = new KafkaConsumer<>(consumerProps,
                Topics.RELEASES.keySerde().deserializer(), Topics.RELEASES.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.RELEASES.name()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (received.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("demo-pkg==1.0");
            assertThat(record.value()).isEqualTo(release);
        });
    }
}
