package dev.fang.schema;

import org.apache.kafka.common.serialization.Serde;

/** A topic with its name, the serdes and type of its records, and whether it is compacted. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Class<V> valueType, boolean compacted) {
    @Override
    public String toString() {
        return name;
    }
}
