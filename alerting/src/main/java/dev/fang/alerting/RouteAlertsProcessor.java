package dev.fang.alerting;

import dev.fang.platform.deadletter.DeadLetters;
import dev.fang.schema.Alert;
import dev.fang.schema.ConsumerDecision;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.ReleaseKeys;
import dev.fang.schema.Stage;
import dev.fang.schema.Suppression;
import dev.fang.schema.Topics;
import dev.fang.schema.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** See {@link AlertingTopology}. One filter per consumer: each decision is routed on its own. */
final class RouteAlertsProcessor implements Processor<String, byte[], String, Object> {
    private static final Logger log = LoggerFactory.getLogger(RouteAlertsProcessor.class);

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ConsumerPolicy> consumers;
    private KeyValueStore<String, Long> sent;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.consumers = context.getStateStore(AlertingTopology.CONSUMERS_STORE);
        this.sent = context.getStateStore(AlertingTopology.SENT_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Verdict verdict;
        try {
            verdict = Topics.VERDICTS.valueSerde().deserializer().deserialize(Topics.VERDICTS.name(), record.value());
        } catch (SerializationException e) {
            context.forward(record.withValue((Object) DeadLetters.forRecord(Stage.ALERTING, context, record,
                    "undecodable verdict: " + e.getMessage(), e, null)), AlertingTopology.DEAD_LETTER_SINK);
            return;
        }
        if (verdict == null) {
            return;
        }
        for (ConsumerDecision decision : verdict.getDecisions()) {
            if (decision.getAlert()) {
                route(record, verdict, decision);
            }
        }
    }

    private void route(Record<String, byte[]> record, Verdict verdict, ConsumerDecision decision) {
        ConsumerPolicy policy = consumers.get(decision.getConsumerId());
        if (policy == null) {
            log.debug("no consumer {} any more; no alert for {}", decision.getConsumerId(), verdict.getReleaseKey());
            return;
        }
        String name = ReleaseKeys.normalizeName(verdict.getName());
        if (!policy.getPackageAllowList().isEmpty() && policy.getPackageAllowList().stream().map(ReleaseKeys::normalizeName).noneMatch(name::equals)) {
            return;
        }
        Suppression suppression = Suppressions.covering(policy, verdict);
        if (suppression != null) {
            log.info("alert for {} ({}) to {} suppressed: {}", verdict.getReleaseKey(), verdict.getFilename(), policy.getConsumerId(),
                    suppression.getReason());
            return;
        }
        String once = policy.getConsumerId() + "|" + verdict.getReleaseKey() + "|" + verdict.getFilename();
        if (sent.get(once) != null) {
            return;
        }
        Alert alert = Alerts.of(verdict, decision, Instant.ofEpochMilli(record.timestamp()));
        sent.put(once, record.timestamp());
        RecordHeaders headers = new RecordHeaders();
        headers.add(AlertingTopology.ALERT_TOPIC_HEADER, policy.getAlertTopic().getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<String, Object>(verdict.getReleaseKey(), alert, record.timestamp(), headers), AlertingTopology.ALERTS_SINK);
    }
}
