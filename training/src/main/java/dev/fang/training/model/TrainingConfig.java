package dev.fang.training.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How {@link Trainer} trains and evaluates.
 *
 * @param folds            outer folds of the group-aware cross-validation (out-of-fold scores, calibration)
 * @param validationFolds  the early-stopping/selection validation split is one of this many group-aware folds of the
 *                         training part (5: a fifth of the training groups)
 * @param seed             seeds fold assignment and LightGBM ({@code seed=...}, {@code deterministic=true})
 * @param threads          LightGBM {@code num_threads}; fixed so results do not depend on the machine (the model text
 *                         differs in the last bits between thread counts). Default 1: on a busy 2-core machine
 *                         OpenMP's spinning threads made 2 threads twenty times slower than 1.
 * @param grid             hyper-parameter combinations tried (at most a dozen keeps training in minutes)
 * @param maxRounds        boosting rounds cap
 * @param patience         early stopping: stop after this many rounds without a better validation log-loss
 * @param lambdaL2         fixed L2 regularisation
 * @param timeSplitTestShare share of malicious rows (the latest ones) held out by the time split
 * @param monotoneConstraints LightGBM {@code monotone_constraints} (one of -1, 0, 1 per feature, comma-separated), or
 *                         empty for none; see {@link MonotoneFeatures}
 * @param featureCaps      feature name to the value its training values are capped at, so a model cannot tell "many" from
 *                         "a few": every split on a capped feature falls below its cap, so the model scores any larger
 *                         value as the cap, and vectors need no capping when scored
 */
public record TrainingConfig(int folds, int validationFolds, long seed, int threads, List<HyperParams> grid,
                             int maxRounds, int patience, double lambdaL2, double timeSplitTestShare, String monotoneConstraints,
                             Map<String, Double> featureCaps) {

    public TrainingConfig {
        grid = List.copyOf(grid);
        featureCaps = java.util.Collections.unmodifiableMap(new TreeMap<>(featureCaps));
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("empty hyper-parameter grid");
        }
        if (folds < 2 || validationFolds < 2) {
            throw new IllegalArgumentException("need at least 2 folds");
        }
        if (!(timeSplitTestShare > 0 && timeSplitTestShare < 1)) {
            throw new IllegalArgumentException("time split test share must be in (0, 1)");
        }
    }

    /** 5 folds, 12 combinations, 1 LightGBM thread, up to 2,000 rounds with patience 50, seed 42, latest 25% of malware held out. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(5, 5, 42, 1, HyperParams.defaultGrid(), 2000, 50, 1.0, 0.25, "", Map.of());
    }

    public TrainingConfig withGrid(List<HyperParams> newGrid) {
        return new TrainingConfig(folds, validationFolds, seed, threads, newGrid, maxRounds, patience, lambdaL2, timeSplitTestShare, monotoneConstraints, featureCaps);
    }

    public TrainingConfig withFolds(int newFolds) {
        return new TrainingConfig(newFolds, validationFolds, seed, threads, grid, maxRounds, patience, lambdaL2, timeSplitTestShare, monotoneConstraints, featureCaps);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(folds, validationFolds, newSeed, threads, grid, maxRounds, patience, lambdaL2, timeSplitTestShare, monotoneConstraints, featureCaps);
    }

    public TrainingConfig withThreads(int newThreads) {
        return new TrainingConfig(folds, validationFolds, seed, newThreads, grid, maxRounds, patience, lambdaL2, timeSplitTestShare, monotoneConstraints, featureCaps);
    }

    public TrainingConfig withRounds(int newMaxRounds, int newPatience) {
        return new TrainingConfig(folds, validationFolds, seed, threads, grid, newMaxRounds, newPatience, lambdaL2, timeSplitTestShare, monotoneConstraints, featureCaps);
    }

    public TrainingConfig withMonotoneConstraints(String constraints) {
        return new TrainingConfig(folds, validationFolds, seed, threads, grid, maxRounds, patience, lambdaL2, timeSplitTestShare, constraints, featureCaps);
    }

    public TrainingConfig withFeatureCaps(Map<String, Double> caps) {
        return new TrainingConfig(folds, validationFolds, seed, threads, grid, maxRounds, patience, lambdaL2, timeSplitTestShare, monotoneConstraints, caps);
    }

    /** The cap of every feature of {@code featureNames}, in order: +∞ for an uncapped one. */
    double[] capsOf(List<String> featureNames) {
        if (!featureNames.containsAll(featureCaps.keySet())) {
            throw new IllegalArgumentException("capped features not in the dataset: " + featureCaps.keySet().stream()
                    .filter(name -> !featureNames.contains(name)).toList());
        }
        double[] caps = new double[featureNames.size()];
        Arrays.fill(caps, Double.POSITIVE_INFINITY);
        for (int f = 0; f < caps.length; f++) {
            caps[f] = featureCaps.getOrDefault(featureNames.get(f), Double.POSITIVE_INFINITY);
        }
        return caps;
    }

    /** The fixed part of the LightGBM parameters, with {@code params} appended. */
    String lightGbmParams(HyperParams params) {
        return "objective=binary metric=binary_logloss verbosity=-1 deterministic=true force_row_wise=true"
                + " num_threads=" + threads + " seed=" + seed + " lambda_l2=" + lambdaL2
                + " feature_fraction_bynode=1.0 bagging_fraction=1.0 bagging_freq=0 " + params.toLightGbm()
                + (monotoneConstraints.isEmpty() ? "" : " monotone_constraints=" + monotoneConstraints);
    }

    /** Parameters for building LightGBM datasets (binning), the same for every fold and combination. */
    String datasetParams() {
        return "max_bin=255 verbosity=-1 feature_pre_filter=false num_threads=" + threads + " seed=" + seed;
    }
}
