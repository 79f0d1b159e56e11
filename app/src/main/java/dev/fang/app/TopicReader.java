package dev.fang.app;

import dev.fang.platform.json.RecordJson;
import dev.fang.schema.Topic;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads Fang topics without joining a consumer group (so it never disturbs a stage), committed records
 * only, and renders each record as one JSON line. Undecodable values become an error line, not a crash.
 */
final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;

    TopicReader(String bootstrapServers, List<? extends Topic<String, ?>> topics, boolean fromBeginning) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic.name()).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
    }

    List<ConsumerRecord<String, byte[]>> poll(Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
        consumer.poll(timeout).forEach(records::add);
        return records;
    }

    /** Decodes with the topic's registered serde; the record type comes from the registry, not the bytes. */
    static Object decode(Topic<String, ?> topic, ConsumerRecord<String, byte[]> record) {
        return topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    static String toJsonLine(Topic<String, ?> topic, ConsumerRecord<String, byte[]> record) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        line.put("key", record.key());
        try {
            Object value = decode(topic, record);
            line.set("value", value == null ? JsonNodeFactory.instance.nullNode() : RecordJson.toNode((IndexedRecord) value));
        } catch (RuntimeException e) {
            line.put("error", "undecodable value: " + e.getMessage());
        }
        return line.toString();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
