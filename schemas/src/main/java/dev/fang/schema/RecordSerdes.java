package dev.fang.schema;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * How record values are put on the wire. One implementation is in use at a time (see {@link Topics});
 * a Confluent-framed serde can replace the single-object one without touching any topology.
 */
@FunctionalInterface
public interface RecordSerdes {
    <T extends SpecificRecord> Serde<T> forRecord(Class<T> type);

    RecordSerdes SINGLE_OBJECT_AVRO = AvroSerde::forClass;
}
