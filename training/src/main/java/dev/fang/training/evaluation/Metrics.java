package dev.fang.training.evaluation;

import java.util.Arrays;

/** Threshold-free and threshold metrics on two score samples. A package is flagged when {@code score >= threshold}. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * ROC-AUC as the Mann–Whitney statistic: the probability that a random malicious score exceeds a random benign
     * one, ties counting one half. {@code NaN} when either sample is empty.
     */
    public static double rocAuc(double[] malicious, double[] benign) {
        if (malicious.length == 0 || benign.length == 0) {
            return Double.NaN;
        }
        double[] neg = benign.clone();
        Arrays.sort(neg);
        double sum = 0;
        for (double score : malicious) {
            int below = lowerBound(neg, score);
            int atOrBelow = upperBound(neg, score);
            sum += below + 0.5 * (atOrBelow - below);
        }
        return sum / ((double) malicious.length * neg.length);
    }

    /** Fraction of {@code scores} at or above {@code threshold} (TPR on malicious scores, FPR on benign ones). */
    public static double rateAtOrAbove(double[] scores, double threshold) {
        if (scores.length == 0) {
            return Double.NaN;
        }
        int count = 0;
        for (double score : scores) {
            if (score >= threshold) {
                count++;
            }
        }
        return (double) count / scores.length;
    }

    /**
     * ROC curve points {@code (fpr, tpr)}, one per distinct score from the highest down, starting at (0, 0) and
     * ending at (1, 1).
     */
    public static double[][] rocCurve(double[] malicious, double[] benign) {
        double[] all = new double[malicious.length + benign.length];
        System.arraycopy(malicious, 0, all, 0, malicious.length);
        System.arraycopy(benign, 0, all, malicious.length, benign.length);
        double[] pos = malicious.clone();
        double[] neg = benign.clone();
        Arrays.sort(pos);
        Arrays.sort(neg);
        double[] thresholds = Arrays.stream(all).distinct().sorted().toArray();
        double[] fpr = new double[thresholds.length + 2];
        double[] tpr = new double[thresholds.length + 2];
        int point = 1;
        for (int i = thresholds.length - 1; i >= 0; i--) {
            double t = thresholds[i];
            fpr[point] = neg.length == 0 ? 0 : (double) (neg.length - lowerBound(neg, t)) / neg.length;
            tpr[point] = pos.length == 0 ? 0 : (double) (pos.length - lowerBound(pos, t)) / pos.length;
            point++;
        }
        fpr[point] = 1;
        tpr[point] = 1;
        return new double[][] {fpr, tpr};
    }

    /** First index whose value is {@code >= key} in a sorted array. */
    static int lowerBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose value is {@code > key} in a sorted array. */
    static int upperBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
