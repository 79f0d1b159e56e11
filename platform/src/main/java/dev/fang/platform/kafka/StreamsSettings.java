package dev.fang.platform.kafka;

import dev.fang.platform.config.FangConfig;
import dev.fang.schema.Stage;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams properties every Fang stage runs with; a stage's instances share its application id. */
public final class StreamsSettings {
    private StreamsSettings() {
    }

    public static String applicationId(Stage stage) {
        return "fang-" + stage.id();
    }

    public static Properties forStage(Stage stage, FangConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(stage));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        // Ingest downloads inside the processor; give a slow mirror time before the group evicts us.
        props.put(StreamsConfig.consumerPrefix("max.poll.interval.ms"), 600_000);
        props.put(StreamsConfig.consumerPrefix("connections.max.idle.ms"), 900_000);
        props.put("processing.exception.handler.global.enabled", true);
        props.put(StreamsConfig.consumerPrefix("max.poll.records"), 50);
        props.putAll(config.streamsOverrides());
        return props;
    }
}
