package dev.fang.app;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.consumers.DefaultConsumers;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Reads and writes consumer policies on the compacted {@code fang.consumers} topic. */
final class ConsumerRegistry {
    private ConsumerRegistry() {
    }

    /** The current policies: the last value per consumer id on the compacted topic (tombstones remove). */
    static Map<String, ConsumerPolicy> current(FangConfig config) {
        Map<String, ConsumerPolicy> policies = new TreeMap<>();
        try (TopicReader reader = new TopicReader(config.bootstrapServers(), List.of(Topics.CONSUMERS), true)) {
            for (List<ConsumerRecord<String, byte[]>> batch = reader.poll(Duration.ofSeconds(2)); !batch.isEmpty(); batch = reader.poll(Duration.ofMillis(500))) {
                for (ConsumerRecord<String, byte[]> record : batch) {
                    ConsumerPolicy policy = (ConsumerPolicy) TopicReader.decode(Topics.CONSUMERS, record);
                    if (policy == null) {
                        policies.remove(record.key());
                    } else {
                        policies.put(record.key(), policy);
                    }
                }
            }
        }
        return policies;
    }

    /** Writes a policy; a null policy is a tombstone that removes the consumer. */
    static void write(FangConfig config, String consumerId, ConsumerPolicy policy) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, ConsumerPolicy> producer = new KafkaProducer<>(props,
                Topics.CONSUMERS.keySerde().serializer(), Topics.CONSUMERS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.CONSUMERS.name(), consumerId, policy)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing consumer " + consumerId, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write consumer " + consumerId + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A new cluster starts with the default consumers, so alerts flow before anyone configures anything. */
    static void seedDefaults(FangConfig config) {
        if (current(config).isEmpty()) {
            DefaultConsumers.all().forEach(policy -> write(config, policy.getConsumerId(), policy));
        }
    }
}
