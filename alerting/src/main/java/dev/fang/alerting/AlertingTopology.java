package dev.fang.alerting;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.consumers.ConsumerStore;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The alerting stage: each verdict in, one alert per consumer whose decision says so, on that consumer's
 * topic. Every consumer is judged on its own (a release past the strict threshold alerts the strict and the
 * loose consumer alike); an alert is sent once per release file and consumer, also across restarts. A consumer gets
 * none for a release it suppressed after review ({@link Suppressions}).
 */
public final class AlertingTopology {
    static final String VERDICTS = "verdicts";
    static final String ROUTE = "route-alerts";
    static final String ALERTS_SINK = "alerts";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String CONSUMERS_STORE = "alerting-consumers";
    static final String SENT_STORE = "alerting-sent";
    /** Record header naming the topic an alert goes to: each consumer has its own. */
    static final String ALERT_TOPIC_HEADER = "fang-alert-topic";

    private AlertingTopology() {
    }

    public static Topology build(FangConfig config) {
        Topology topology = new Topology();
        ConsumerStore.addTo(topology, CONSUMERS_STORE);
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
}
