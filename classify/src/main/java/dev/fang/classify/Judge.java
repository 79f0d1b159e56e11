package dev.fang.classify;

import dev.fang.schema.ConsumerDecision;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.Contribution;
import dev.fang.schema.Evidence;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.Verdict;
import dev.fang.training.model.Explanation;
import dev.fang.training.model.Model;
import dev.fang.training.model.Scorer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns feature vectors into verdicts with one model: the score, every consumer's decision at its own threshold, and
 * the top SHAP reasons with their evidence. Thread-safe: its scorer is (the trees are plain, immutable Java).
 */
public final class Judge implements AutoCloseable {
    /** How many of the largest SHAP contributions a verdict carries. */
    public static final int REASONS_PER_VERDICT = 5;
    static final int EVIDENCE_PER_REASON = 3;

    private final Model model;
    private final Scorer scorer;

    public Judge(Model model) {
        this.model = model;
        this.scorer = model.newScorer();
    }

    public Model model() {
        return model;
    }

    /** Why this model cannot score the vector (another feature catalogue), or {@code null} when it can. */
    public String mismatch(FeatureVector vector) {
        if (vector.getFeatureSetVersion().equals(model.catalogueVersion()) && vector.getValues().size() == model.featureNames().size()) {
            return null;
        }
        return "feature vector of catalogue " + vector.getFeatureSetVersion() + " with " + vector.getValues().size()
                + " values; model " + model.id() + " scores catalogue " + model.catalogueVersion() + " with " + model.featureNames().size();
    }

    /**
     * The verdict on a vector this model can score ({@link #mismatch} is null). Reasons are computed only when some
     * consumer alerts: SHAP visits every leaf of every tree and costs about twenty scores, and nobody reads the reasons
     * of a release no one is alerted about.
     */
    public Verdict judge(FeatureVector vector, Iterable<ConsumerPolicy> consumers) {
        double[] values = vector.getValues().stream().mapToDouble(Double::doubleValue).toArray();
        double score = scorer.score(values);
        List<ConsumerDecision> decisions = decisions(score, consumers);
        List<Contribution> reasons = decisions.stream().anyMatch(ConsumerDecision::getAlert)
                ? reasons(scorer.explain(values), vector.getEvidence())
                : List.of();
        return Verdict.newBuilder()
                .setReleaseKey(vector.getReleaseKey())
                .setName(vector.getName())
                .setVersion(vector.getVersion())
                .setFilename(vector.getFilename())
                .setArtifactSha256(vector.getArtifactSha256())
                .setScore(score)
                .setModelId(model.id())
                .setDecisions(decisions)
                .setTopContributions(reasons)
                .setDecidedAt(Instant.now())
                .build();
    }

    /** Every consumer judged at its own threshold: its explicit one, or the one its target FPR maps to on this model. */
    private List<ConsumerDecision> decisions(double score, Iterable<ConsumerPolicy> consumers) {
        List<ConsumerDecision> decisions = new ArrayList<>();
        for (ConsumerPolicy policy : consumers) {
            double threshold = policy.getThreshold() != null ? policy.getThreshold()
                    : policy.getTargetFpr() != null ? model.thresholdFor(policy.getTargetFpr()) : Double.POSITIVE_INFINITY;
            decisions.add(new ConsumerDecision(policy.getConsumerId(), threshold, score >= threshold));
        }
        return decisions;
    }

    private static List<Contribution> reasons(Explanation explanation, List<Evidence> evidence) {
        List<Contribution> reasons = new ArrayList<>();
        for (dev.fang.training.model.Contribution top : explanation.top(REASONS_PER_VERDICT)) {
            List<Evidence> behind = evidence.stream().filter(item -> item.getFeature().equals(top.feature())).limit(EVIDENCE_PER_REASON).toList();
            reasons.add(new Contribution(top.feature(), top.value(), top.contribution(), behind));
        }
        return reasons;
    }

    @Override
    public void close() {
        scorer.close();
    }
}
