package dev.fang.training.evaluation;

import java.util.List;

/**
 * Features ranked by total split gain in the model and by mean |SHAP| over a dataset, highest first.
 */
public record FeatureRanking(List<Entry> byGain, List<Entry> byShap) {
    public FeatureRanking {
        byGain = List.copyOf(byGain);
        byShap = List.copyOf(byShap);
    }

    /** One feature's importance. */
    public record Entry(String feature, double value) {
    }

    public List<String> topByGain(int n) {
        return byGain.stream().limit(n).map(Entry::feature).toList();
    }

    public List<String> topByShap(int n) {
        return byShap.stream().limit(n).map(Entry::feature).toList();
    }
}
