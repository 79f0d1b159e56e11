package dev.fang.training.evaluation;

import java.util.List;

/**
 * Results on a subset of a split (a malware category, a size bucket, a benign source kind), at the split's
 * thresholds.
 *
 * @param dimension  "category", "size" or "benign kind"
 * @param name       the subset
 * @param malicious  malicious rows in it
 * @param benign     benign rows in it
 * @param rocAuc     the subset's malicious vs the subset's benign scores; a side the subset lacks is taken from the
 *                   whole split (category: vs all benign; benign kind: all malicious vs that kind)
 * @param tpr        recall at each operating point (NaN without malicious rows)
 * @param fpr        false-positive rate at each operating point (NaN without benign rows)
 */
public record Slice(String dimension, String name, int malicious, int benign, double rocAuc, List<Double> tpr, List<Double> fpr) {
    public Slice {
        tpr = List.copyOf(tpr);
        fpr = List.copyOf(fpr);
    }
}
