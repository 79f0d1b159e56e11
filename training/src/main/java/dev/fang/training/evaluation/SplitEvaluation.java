package dev.fang.training.evaluation;

import java.util.List;

/**
 * Evaluation of one set of held-out scores.
 *
 * @param name             split name ("group 5-fold", "time split")
 * @param description      how the split was made
 * @param rocAuc           ROC-AUC over all held-out rows
 * @param points           one per target FPR, in configuration order
 * @param slices           per category, per size bucket, per benign kind
 * @param topBenign        the highest-scoring held-out benign packages, {@code id (score)}, highest first
 * @param maliciousScores  held-out malicious scores (for plots)
 * @param benignScores     held-out benign scores (for plots)
 */
public record SplitEvaluation(String name, String description, int malicious, int benign, double rocAuc,
                              List<OperatingPoint> points, List<Slice> slices, List<String> topBenign,
                              double[] maliciousScores, double[] benignScores) {
    public SplitEvaluation {
        points = List.copyOf(points);
        slices = List.copyOf(slices);
        topBenign = List.copyOf(topBenign);
        maliciousScores = maliciousScores.clone();
        benignScores = benignScores.clone();
    }

    /** The operating point for a target FPR. */
    public OperatingPoint at(double targetFpr) {
        return points.stream().filter(p -> p.targetFpr() == targetFpr).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no operating point at " + targetFpr));
    }

    public List<Slice> slices(String dimension) {
        return slices.stream().filter(s -> s.dimension().equals(dimension)).toList();
    }
}
