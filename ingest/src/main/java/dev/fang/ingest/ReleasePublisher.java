package dev.fang.ingest;

import dev.fang.platform.deadletter.DeadLetters;
import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseKeys;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts release events on {@code fang.releases} for every source (watchers, replay, publish), keyed by
 * release key and stamped with the upload time, and sets aside input it cannot turn into an event.
 */
public final class ReleasePublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public ReleasePublisher(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends the event; its record timestamp is the upload time when known, so replays keep history's clock. */
    public Future<RecordMetadata> publish(PackageRelease release) {
        byte[] value = Topics.RELEASES.valueSerde().serializer().serialize(Topics.RELEASES.name(), release);
        Long timestamp = release.getUploadTime() == null ? null : release.getUploadTime().toEpochMilli();
        return producer.send(new ProducerRecord<>(Topics.RELEASES.name(), null, timestamp, ReleaseKeys.of(release), value));
    }

    /** Sends the event and waits for the cluster's acknowledgement, for sources that advance a cursor afterwards. */
    public void publishAndWait(PackageRelease release) {
        try {
            publish(release).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + ReleaseKeys.of(release), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish " + ReleaseKeys.of(release) + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Sends unusable input (a bad feed line, say) to the ingest dead-letter topic with the reason. */
    public void reject(String reason, String subject, byte[] original) {
        var letter = DeadLetters.of(Stage.INGEST, reason, null, Optional.empty(), null, original, subject, Instant.now());
        var topic = Topics.deadLetters(Stage.INGEST);
        producer.send(new ProducerRecord<>(topic.name(), subject, topic.valueSerde().serializer().serialize(topic.name(), letter)));
    }

    /** Waits until everything sent so far is acknowledged by the cluster. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
