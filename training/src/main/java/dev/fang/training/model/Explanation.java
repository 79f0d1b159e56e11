package dev.fang.training.model;

import java.util.Arrays;

/**
 * SHAP explanation of one score: path-dependent TreeSHAP, the values LightGBM's {@code predict_type=contrib} gives.
 *
 * @param bias          expected raw margin over the training data (the SHAP base value)
 * @param rawScore      {@code bias + Σ contributions}: the model's raw margin (log-odds) for the vector
 * @param score         {@code sigmoid(rawScore)}: the probability {@link Scorer#score} returns
 * @param contributions non-zero contributions, largest {@code |contribution|} first (ties by feature index)
 */
public record Explanation(double bias, double rawScore, double score, Contribution[] contributions) {
    public Explanation {
        contributions = contributions.clone();
    }

    @Override
    public Contribution[] contributions() {
        return contributions.clone();
    }

    /** The first {@code count} contributions. */
    public Contribution[] top(int count) {
        return Arrays.copyOf(contributions, Math.min(count, contributions.length));
    }
}
