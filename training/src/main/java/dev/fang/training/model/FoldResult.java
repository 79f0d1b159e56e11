package dev.fang.training.model;

import java.util.List;

/**
 * One outer fold (or the time split's single training run).
 *
 * @param fold          fold index ({@code -1} for the time split)
 * @param trainRows     rows the candidate models were fitted on
 * @param validRows     rows of the group-aware validation split (early stopping and selection)
 * @param testRows      held-out rows scored by the chosen model
 * @param chosen        the combination with the lowest validation log-loss
 * @param rounds        boosting rounds of the chosen model (after early stopping)
 * @param validLosses   best validation log-loss of every grid combination, in grid order
 * @param validRounds   early-stopped rounds of every grid combination, in grid order
 */
public record FoldResult(int fold, int trainRows, int validRows, int testRows, HyperParams chosen, int rounds,
                         List<Double> validLosses, List<Integer> validRounds) {
    public FoldResult {
        validLosses = List.copyOf(validLosses);
        validRounds = List.copyOf(validRounds);
    }
}
