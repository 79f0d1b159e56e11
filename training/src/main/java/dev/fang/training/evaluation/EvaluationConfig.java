package dev.fang.training.evaluation;

import java.util.List;

/**
 * What the evaluation reports.
 *
 * @param targetFprs        operating points: target false-positive rates (thresholds from held-out benign scores)
 * @param releasesPerDay    PyPI volume: new releases a day
 * @param maliciousPerDay   assumed malicious releases among them. Default 5.8: the seed paper's live run had 2.49 true
 *                          alerts a day at 43% recall (2.49 / 0.43 ≈ 5.8), i.e. a base rate of about 0.23%
 * @param sizeBuckets       upper bounds (exclusive, bytes of Python source) of the package-size buckets; a last,
 *                          open bucket follows
 */
public record EvaluationConfig(List<Double> targetFprs, double releasesPerDay, double maliciousPerDay, List<Long> sizeBuckets) {
    public EvaluationConfig {
        targetFprs = List.copyOf(targetFprs);
        sizeBuckets = List.copyOf(sizeBuckets);
        if (maliciousPerDay < 0 || maliciousPerDay > releasesPerDay) {
            throw new IllegalArgumentException("malicious releases a day must be within [0, releases a day]");
        }
    }

    /** 0.1%, 1%, 10% FPR; 2,500 releases a day, 5.8 of them malicious; buckets at 1 KB, 10 KB, 100 KB, 1 MB. */
    public static EvaluationConfig defaults() {
        return new EvaluationConfig(List.of(0.001, 0.01, 0.1), 2500, 5.8, List.of(1_000L, 10_000L, 100_000L, 1_000_000L));
    }
}
