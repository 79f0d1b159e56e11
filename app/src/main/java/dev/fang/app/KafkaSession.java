package dev.fang.app;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.kafka.EmbeddedKafka;
import dev.fang.platform.kafka.TopicAdmin;
import dev.fang.schema.Topics;
import java.util.Optional;

/** The Kafka cluster a command talks to: the configured one, or an embedded broker started for it. */
final class KafkaSession implements AutoCloseable {
    private final Optional<EmbeddedKafka> embedded;
    private final FangConfig config;

    private KafkaSession(Optional<EmbeddedKafka> embedded, FangConfig config) {
        this.embedded = embedded;
        this.config = config;
    }

    /**
     * Connects, starting an embedded broker when no cluster is configured: a throw-away one for
     * {@code ephemeral} runs (the demo), otherwise one that keeps its data under the data dir.
     * Creates Fang's topics that are missing, and the default consumers on a cluster that has none.
     */
    static KafkaSession open(FangConfig config, boolean ephemeral) {
        Optional<EmbeddedKafka> embedded = Optional.empty();
        FangConfig connected = config;
        if (config.usesEmbeddedKafka()) {
            EmbeddedKafka broker = ephemeral
                    ? EmbeddedKafka.start()
                    : EmbeddedKafka.start(config.dataDir().resolve("kafka"), false, config.intValue(Setting.EMBEDDED_KAFKA_PORT));
            embedded = Optional.of(broker);
            connected = config.with(Setting.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        }
        TopicAdmin.ensureTopics(connected.bootstrapServers(), Topics.all(), connected.topicPartitions(), connected.replicationFactor());
        ConsumerRegistry.seedDefaults(connected);
        return new KafkaSession(embedded, connected);
    }

    /** The configuration with {@code bootstrap.servers} pointing at the cluster in use. */
    FangConfig config() {
        return config;
    }

    boolean isEmbedded() {
        return embedded.isPresent();
    }

    @Override
    public void close() {
        embedded.ifPresent(EmbeddedKafka::close);
    }
}
