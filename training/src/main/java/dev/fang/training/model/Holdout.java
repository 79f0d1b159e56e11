package dev.fang.training.model;

/**
 * Held-out scores: {@code scores[i]} is the score of dataset row {@code rows[i]} from a model that never saw that
 * row's group.
 *
 * @param name       what split produced them ("group 5-fold", "time split")
 * @param rows       dataset row indices
 * @param scores     their scores
 * @param description how the split was made, for the report
 */
public record Holdout(String name, int[] rows, double[] scores, String description) {
    public Holdout {
        if (rows.length != scores.length) {
            throw new IllegalArgumentException("rows and scores differ in length");
        }
        rows = rows.clone();
        scores = scores.clone();
    }
}
