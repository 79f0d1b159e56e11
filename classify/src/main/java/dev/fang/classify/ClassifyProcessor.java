package dev.fang.classify;

import dev.fang.platform.deadletter.DeadLetters;
import dev.fang.schema.ConsumerDecision;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.Contribution;
import dev.fang.schema.Evidence;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.schema.Verdict;
import dev.fang.training.model.Explanation;
import dev.fang.training.model.Model;
import dev.fang.training.model.Scorer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** See {@link ClassifyTopology}. One instance per stream task, so its booster is used by one thread. */
final class ClassifyProcessor implements Processor<String, byte[], String, Object> {
    static final int REASONS = 5;
    static final int EVIDENCE_PER_REASON = 3;

    private final Model model;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ConsumerPolicy> consumers;
    private Scorer scorer;

    ClassifyProcessor(Model model) {
        this.model = model;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.consumers = context.getStateStore(ClassifyTopology.CONSUMERS_STORE);
        this.scorer = model.newScorer();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        FeatureVector vector;
        try {
            vector = Topics.FEATURES.valueSerde().deserializer().deserialize(Topics.FEATURES.name(), record.value());
        } catch (SerializationException e) {
            deadLetter(record, "undecodable feature vector: " + e.getMessage(), e, null);
            return;
        }
        if (vector == null) {
            return;
        }
        if (!vector.getFeatureSetVersion().equals(model.catalogueVersion()) || vector.getValues().size() != model.featureNames().size()) {
            deadLetter(record, "feature vector of catalogue " + vector.getFeatureSetVersion() + " with " + vector.getValues().size()
                    + " values; model " + model.id() + " scores catalogue " + model.catalogueVersion() + " with "
                    + model.featureNames().size(), null, vector.getFilename());
            return;
        }
        Explanation explanation;
        try {
            explanation = scorer.explain(vector.getValues().stream().mapToDouble(Double::doubleValue).toArray());
        } catch (RuntimeException e) {
            deadLetter(record, "model " + model.id() + " could not score " + vector.getFilename() + ": " + e.getMessage(), e, vector.getFilename());
            return;
        }
        Verdict verdict = Verdict.newBuilder()
                .setReleaseKey(vector.getReleaseKey())
                .setName(vector.getName())
                .setVersion(vector.getVersion())
                .setFilename(vector.getFilename())
                .setScore(explanation.score())
                .setModelId(model.id())
                .setDecisions(decisions(explanation.score()))
                .setTopContributions(reasons(explanation, vector.getEvidence()))
                .setDecidedAt(Instant.now())
                .build();
        context.forward(record.withKey(vector.getReleaseKey()).withValue(verdict), ClassifyTopology.VERDICTS_SINK);
    }

    /** Every consumer judged at its own threshold: its explicit one, or the one its target FPR maps to on this model. */
    private List<ConsumerDecision> decisions(double score) {
        List<ConsumerDecision> decisions = new ArrayList<>();
        try (KeyValueIterator<String, ConsumerPolicy> all = consumers.all()) {
            all.forEachRemaining(entry -> {
                ConsumerPolicy policy = entry.value;
                double threshold = policy.getThreshold() != null ? policy.getThreshold()
                        : policy.getTargetFpr() != null ? model.thresholdFor(policy.getTargetFpr()) : Double.POSITIVE_INFINITY;
                decisions.add(new ConsumerDecision(policy.getConsumerId(), threshold, score >= threshold));
            });
        }
        return decisions;
    }

    private static List<Contribution> reasons(Explanation explanation, List<Evidence> evidence) {
        List<Contribution> reasons = new ArrayList<>();
        for (dev.fang.training.model.Contribution top : explanation.top(REASONS)) {
            List<Evidence> behind = evidence.stream().filter(item -> item.getFeature().equals(top.feature())).limit(EVIDENCE_PER_REASON).toList();
            reasons.add(new Contribution(top.feature(), top.value(), top.contribution(), behind));
        }
        return reasons;
    }

    private void deadLetter(Record<String, byte[]> record, String reason, Throwable error, String subject) {
        context.forward(record.withValue((Object) DeadLetters.forRecord(Stage.CLASSIFY, context, record, reason, error, subject)),
                ClassifyTopology.DEAD_LETTER_SINK);
    }

    @Override
    public void close() {
        if (scorer != null) {
            scorer.close();
        }
    }
}
