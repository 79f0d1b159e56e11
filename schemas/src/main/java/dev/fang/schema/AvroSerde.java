package dev.fang.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (magic, schema fingerprint, body) behind a Kafka serde. No registry server
 * is needed: every past writer schema from {@link SchemaHistory} is known to the decoder.
 * Null values pass through as tombstones.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    static {
        // Avro 1.12 only instantiates generated classes from trusted packages; ours is one.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith("dev.fang.")));
    }

    /**
     * Makes Fang's generated classes trusted by Avro, which a serde does when its class is loaded. Code that builds
     * records before any serde exists calls this first: a builder loads the record class of an array of records
     * to fill in its empty default (a consumer's suppressions), and Avro refuses classes it does not trust.
     */
    public static void trustFangRecords() {
        // the static initializer above has run by the time this method is called
    }

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        SchemaStore.Cache history = new SchemaStore.Cache();
        SchemaHistory.of(schema.getFullName()).forEach(history::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, history);
    }

    public static <T extends SpecificRecord> AvroSerde<T> forClass(Class<T> type) {
        return new AvroSerde<>(type);
    }

    public Schema schema() {
        return schema;
    }

    public byte[] encode(T record) {
        if (record == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new SerializationException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
    }

    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new SerializationException("not a known " + schema.getName() + " writer schema (" + e.getMessage()
                    + "); was it written by a newer Fang, or is its schema missing from the schema history?", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a valid " + schema.getName() + " record: " + e, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }
}
