package dev.fang.platform.deadletter;

import dev.fang.schema.DeadLetter;
import dev.fang.schema.Stage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds dead-letter records that keep the original bytes and say why the record was set aside. */
public final class DeadLetters {
    private DeadLetters() {
    }

    /** A dead letter for a record a stream processor received as raw bytes and could not process. */
    public static DeadLetter forRecord(Stage stage, ProcessorContext<?, ?> context, Record<String, byte[]> record,
                                       String reason, Throwable error, String subject) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return of(stage, reason, error, context.recordMetadata(), key, record.value(), subject, Instant.now());
    }

    public static DeadLetter of(Stage stage, String reason, Throwable error, Optional<RecordMetadata> source,
                                byte[] originalKey, byte[] originalValue, String subject, Instant now) {
        return DeadLetter.newBuilder()
                .setStage(stage.id())
                .setReason(reason)
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setSourceTopic(source.map(RecordMetadata::topic).orElse(null))
                .setSourcePartition(source.map(RecordMetadata::partition).orElse(null))
                .setSourceOffset(source.map(RecordMetadata::offset).orElse(null))
                .setOriginalKey(originalKey == null ? null : ByteBuffer.wrap(originalKey))
                .setOriginalValue(originalValue == null ? null : ByteBuffer.wrap(originalValue))
                .setSubject(subject)
                .setTime(now)
                .build();
    }
}
