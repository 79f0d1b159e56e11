package dev.fang.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Whole topics as a downstream reader sees them: every partition from its start to its end, joining no group. */
final class CommittedRecords {
    private CommittedRecords() {
    }

    /** Every record of {@code topic} up to its end; with READ_COMMITTED only committed transactions, up to the last stable offset. */
    static <V> List<ConsumerRecord<String, V>> readAll(String bootstrapServers, String topic, Deserializer<V> values, IsolationLevel isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    static Map<String, Long> countByKey(List<? extends ConsumerRecord<String, ?>> records) {
        Map<String, Long> counts = new HashMap<>();
        records.forEach(record -> counts.merge(record.key(), 1L, Long::sum));
        return counts;
    }

    /** The committed records of {@code topic} once {@code done} holds for them, or as they are when {@code timeout} has passed. */
    static <V> List<ConsumerRecord<String, V>> await(String bootstrapServers, String topic, Deserializer<V> values,
                                                     Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, V>> records = readAll(bootstrapServers, topic, values, IsolationLevel.READ_COMMITTED);
        while (!done.test(records) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            records = readAll(bootstrapServers, topic, values, IsolationLevel.READ_COMMITTED);
        }
        return records;
    }
}
