package dev.fang.alerting;

import dev.fang.platform.config.FangConfig;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The alerting stage: each verdict in, one alert per consumer whose decision says so, on that consumer's
 * topic. Every consumer is judged on its own (a release past the strict threshold alerts the strict and the
 * loose consumer alike); an alert is sent once per release file and consumer, also across restarts.
 */
public final class AlertingTopology {
    static final String VERDICTS = "verdicts";
    static final String ROUTE = "route-alerts";
    static final String ALERTS_SINK = "alerts";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String CONSUMERS_SOURCE = "consumers";
    static final String CONSUMERS_UPDATE = "update-consumers";
    static final String CONSUMERS_STORE = "alerting-consumers";
    static final String SENT_STORE = "alerting-sent";
    /** Record header naming the topic an alert goes to: each consumer has its own. */
    static final String ALERT_TOPIC_HEADER = "fang-alert-topic";

    private AlertingTopology() {
    }

    public static Topology build(FangConfig config) {
        Topology topology = new Topology();
        // Every instance needs every consumer's policy: a global store, filled from the compacted topic.
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONSUMERS_STORE), Serdes.String(), Topics.CONSUMERS.valueSerde())
                        .withLoggingDisabled(),
                CONSUMERS_SOURCE, Topics.CONSUMERS.keySerde().deserializer(), Topics.CONSUMERS.valueSerde().deserializer(),
                Topics.CONSUMERS.name(), CONSUMERS_UPDATE, ConsumerStoreUpdater::new);
        topology.addSource(VERDICTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.VERDICTS.name());
        topology.addProcessor(ROUTE, () -> new RouteAlertsProcessor(), VERDICTS);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SENT_STORE), Serdes.String(), Serdes.Long()), ROUTE);
        topology.addSink(ALERTS_SINK, (key, value, context) -> topicOf(context.headers().lastHeader(ALERT_TOPIC_HEADER)),
                Topics.ALERTS_ENTERPRISE.keySerde().serializer(), Topics.ALERTS_ENTERPRISE.valueSerde().serializer(), ROUTE);
        var deadLetters = Topics.deadLetters(Stage.ALERTING);
        topology.addSink(DEAD_LETTER_SINK, deadLetters.name(), deadLetters.keySerde().serializer(), deadLetters.valueSerde().serializer(), ROUTE);
        return topology;
    }

    private static String topicOf(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Keeps the global store in step with the consumers topic; a tombstone removes a consumer. */
    private static final class ConsumerStoreUpdater implements Processor<String, ConsumerPolicy, Void, Void> {
        private KeyValueStore<String, ConsumerPolicy> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(CONSUMERS_STORE);
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
