package dev.fang.training.model;

/**
 * One feature's SHAP contribution to a score, in log-odds (raw margin) units.
 *
 * @param index        feature index in the vector
 * @param feature      feature name
 * @param value        the feature's value in the explained vector
 * @param contribution SHAP value: positive pushes towards malicious
 */
public record Contribution(int index, String feature, double value, double contribution) {
}
