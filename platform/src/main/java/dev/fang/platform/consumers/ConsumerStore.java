package dev.fang.platform.consumers;

import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Every consumer's policy in a RocksDB-backed global store, kept in step with the compacted
 * {@code fang.consumers} topic: each instance of a stage sees every consumer, and a change takes effect with
 * the next record, without a restart.
 */
public final class ConsumerStore {
    private ConsumerStore() {
    }

    /** Adds the global store named {@code storeName} (and what fills it) to {@code topology}. */
    public static void addTo(Topology topology, String storeName) {
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), Serdes.String(), Topics.CONSUMERS.valueSerde())
                        .withLoggingDisabled(),
                storeName + "-source", Topics.CONSUMERS.keySerde().deserializer(), Topics.CONSUMERS.valueSerde().deserializer(),
                Topics.CONSUMERS.name(), storeName + "-update", () -> new Updater(storeName));
    }

    /** A tombstone removes the consumer. */
    private static final class Updater implements Processor<String, ConsumerPolicy, Void, Void> {
        private final String storeName;
        private KeyValueStore<String, ConsumerPolicy> store;

        Updater(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, ConsumerPolicy> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
