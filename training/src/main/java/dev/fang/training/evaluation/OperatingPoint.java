package dev.fang.training.evaluation;

/**
 * A threshold read off the held-out benign scores for a target FPR, and what it does.
 *
 * @param targetFpr          the target
 * @param threshold          {@code Calibration.thresholdFor(targetFpr)} on the split's benign scores
 * @param fpr                measured share of benign scores at or above the threshold (at most the target)
 * @param tpr                share of malicious scores at or above the threshold (recall)
 * @param resolved           false when the target is below {@code 1/benign}: then no held-out benign package is
 *                           flagged and the real FPR is only known to be roughly {@code 1/benign} or less
 * @param falseAlarmsPerDay  {@code fpr × (releases − malicious)} a day at PyPI volume
 * @param trueAlertsPerDay   {@code tpr × malicious} a day
 * @param precision          {@code true alerts / (true + false alerts)}; NaN when nothing is flagged
 */
public record OperatingPoint(double targetFpr, double threshold, double fpr, double tpr, boolean resolved,
                             double falseAlarmsPerDay, double trueAlertsPerDay, double precision) {
}
