package dev.fang.training.model;

import dev.fang.training.dataset.Dataset;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import com.microsoft.ml.lightgbm.PredictionType;

/** Thin layer over lightgbm4j: datasets from row subsets, training with early stopping, batch prediction. */
final class Lgbm {
    static {
        NativeLightGbm.load();
    }

    private Lgbm() {
    }

    /** What one early-stopped training produced. */
    record Trained(String modelText, int rounds, double validLoss) {
    }

    /** Row-major copy of the given rows of the column-major dataset. */
    static double[] rowMajor(Dataset data, int[] rows) {
        double[] uncapped = new double[data.featureNames().size()];
        java.util.Arrays.fill(uncapped, Double.POSITIVE_INFINITY);
        return rowMajor(data, rows, uncapped);
    }

    /** The rows' vectors one after the other, each feature at most its cap. */
    static double[] rowMajor(Dataset data, int[] rows, double[] caps) {
        int features = data.featureNames().size();
        int n = data.rows().size();
        double[] columns = data.columns();
        double[] out = new double[rows.length * features];
        for (int f = 0; f < features; f++) {
            int base = f * n;
            for (int i = 0; i < rows.length; i++) {
                out[i * features + f] = Math.min(columns[base + rows[i]], caps[f]);
            }
        }
        return out;
    }

    static float[] labels(Dataset data, int[] rows) {
        float[] labels = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = data.rows().get(rows[i]).label();
        }
        return labels;
    }

    static LGBMDataset dataset(Dataset data, int[] rows, TrainingConfig config, LGBMDataset reference) throws LGBMException {
        LGBMDataset set = LGBMDataset.createFromMat(rowMajor(data, rows, config.capsOf(data.featureNames())), rows.length, data.featureNames().size(), true,
                config.datasetParams(), reference);
        set.setField("label", labels(data, rows));
        set.setFeatureNames(safeNames(data));
        return set;
    }

    /** LightGBM rejects some characters in feature names (JSON specials); ours are plain identifiers, but be safe. */
    static String[] safeNames(Dataset data) {
        return data.featureNames().stream().map(n -> n.replaceAll("[^A-Za-z0-9_.-]", "_")).toArray(String[]::new);
    }

    /**
     * Trains on {@code train}, evaluating binary log-loss on {@code valid} after every round; keeps the rounds up to
     * the best one. Stops after {@code patience} rounds without improvement, at {@code maxRounds}, or when LightGBM
     * cannot split any more.
     */
    static Trained trainEarlyStopping(LGBMDataset train, LGBMDataset valid, String params, int maxRounds, int patience) throws LGBMException {
        try (LGBMBooster booster = LGBMBooster.create(train, params)) {
            booster.addValidData(valid);
            double best = Double.POSITIVE_INFINITY;
            int bestRound = 0;
            for (int round = 1; round <= maxRounds; round++) {
                boolean finished = booster.updateOneIter();
                double loss = booster.getEval(1)[0];
                if (loss < best - 1e-12) {
                    best = loss;
                    bestRound = round;
                }
                if (finished || round - bestRound >= patience) {
                    break;
                }
            }
            bestRound = Math.max(bestRound, 1);
            return new Trained(booster.saveModelToString(0, bestRound, LGBMBooster.FeatureImportanceType.GAIN), bestRound, best);
        }
    }

    /** Trains a fixed number of rounds (the final model, on all rows). */
    static String trainRounds(LGBMDataset train, String params, int rounds) throws LGBMException {
        try (LGBMBooster booster = LGBMBooster.create(train, params)) {
            int done = 0;
            for (int round = 1; round <= rounds; round++) {
                done = round;
                if (booster.updateOneIter()) {
                    break;
                }
            }
            return booster.saveModelToString(0, done, LGBMBooster.FeatureImportanceType.GAIN);
        }
    }

    /** Probabilities of the given rows under a model. */
    static double[] predict(String modelText, Dataset data, int[] rows, int threads) throws LGBMException {
        if (rows.length == 0) {
            return new double[0];
        }
        try (LGBMBooster booster = LGBMBooster.loadModelFromString(modelText)) {
            return booster.predictForMat(rowMajor(data, rows), rows.length, data.featureNames().size(), true,
                    PredictionType.C_API_PREDICT_NORMAL, "num_threads=" + threads);
        }
    }
}
