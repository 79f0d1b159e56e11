package dev.fang.training.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The LightGBM parameters the search varies; everything else is fixed in {@link TrainingConfig}. */
public record HyperParams(int numLeaves, double learningRate, int minDataInLeaf, double featureFraction) {

    /** The default search space: 3 × 2 × 2 = 12 combinations at learning rate 0.05 (early stopping picks the rounds). */
    public static List<HyperParams> defaultGrid() {
        List<HyperParams> grid = new ArrayList<>();
        for (int leaves : new int[] {15, 31, 63}) {
            for (int minData : new int[] {5, 20}) {
                for (double fraction : new double[] {0.5, 0.9}) {
                    grid.add(new HyperParams(leaves, 0.05, minData, fraction));
                }
            }
        }
        return grid;
    }

    /** As LightGBM parameters ({@code key=value}, space separated). */
    public String toLightGbm() {
        return String.format(Locale.ROOT, "num_leaves=%d learning_rate=%s min_data_in_leaf=%d feature_fraction=%s",
                numLeaves, learningRate, minDataInLeaf, featureFraction);
    }

    @Override
    public String toString() {
        return toLightGbm();
    }
}
