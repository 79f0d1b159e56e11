package dev.fang.training.model;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores and explains feature vectors with one LightGBM booster.
 *
 * <p><b>Not thread-safe:</b> a scorer owns one native booster; use one scorer per thread
 * ({@link Model#newScorer()}) and close it when done. Creating one parses the model text (milliseconds), so keep
 * them for the life of a worker thread.
 */
public final class Scorer implements AutoCloseable {
    static {
        NativeLightGbm.load();
    }

    private final LGBMBooster booster;
    private final List<String> featureNames;
    private boolean closed;

    Scorer(String modelText, List<String> featureNames) {
        try {
            this.booster = LGBMBooster.loadModelFromString(modelText);
            int numFeatures = booster.getNumFeature();
            if (numFeatures != featureNames.size()) {
                booster.close();
                throw new IllegalArgumentException("model has " + numFeatures + " features, metadata lists " + featureNames.size());
            }
        } catch (LGBMException e) {
            throw new IllegalArgumentException("cannot load LightGBM model: " + e.getMessage(), e);
        }
        this.featureNames = List.copyOf(featureNames);
    }

    /** The probability that the package is malicious, in [0, 1]: {@code sigmoid(raw margin)}. */
    public double score(double[] features) {
        check(features);
        try {
            return booster.predictForMatSingleRow(features, PredictionType.C_API_PREDICT_NORMAL);
        } catch (LGBMException e) {
            throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
        }
    }

    /** The raw margin (log-odds) of the vector. */
    public double rawScore(double[] features) {
        check(features);
        try {
            return booster.predictForMatSingleRow(features, PredictionType.C_API_PREDICT_RAW_SCORE);
        } catch (LGBMException e) {
            throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
        }
    }

    /** SHAP contributions of every feature and the bias; see {@link Explanation}. */
    public Explanation explain(double[] features) {
        double[] contrib = contributions(features, 1);
        int n = featureNames.size();
        double bias = contrib[n];
        double raw = bias;
        List<Contribution> list = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            raw += contrib[f];
            if (contrib[f] != 0) {
                list.add(new Contribution(f, featureNames.get(f), features[f], contrib[f]));
            }
        }
        list.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.contribution())).thenComparingInt(Contribution::index));
        return new Explanation(bias, raw, 1 / (1 + Math.exp(-raw)), list.toArray(Contribution[]::new));
    }

    /**
     * Raw SHAP output for {@code rows} vectors given row-major: {@code rows × (features + 1)} values, the last of each
     * row being the bias.
     */
    public double[] contributions(double[] rowMajor, int rows) {
        if (rowMajor.length != rows * featureNames.size()) {
            throw new IllegalArgumentException("expected " + rows + " x " + featureNames.size() + " values, got " + rowMajor.length);
        }
        ensureOpen();
        try {
            return booster.predictForMat(rowMajor, rows, featureNames.size(), true, PredictionType.C_API_PREDICT_CONTRIB, "num_threads=1");
        } catch (LGBMException e) {
            throw new IllegalStateException("SHAP prediction failed: " + e.getMessage(), e);
        }
    }

    /** Total gain of each feature's splits over the model, in feature order. */
    public double[] gainImportance() {
        ensureOpen();
        try {
            return booster.featureImportance(0, LGBMBooster.FeatureImportanceType.GAIN);
        } catch (LGBMException e) {
            throw new IllegalStateException("feature importance failed: " + e.getMessage(), e);
        }
    }

    private void check(double[] features) {
        if (features.length != featureNames.size()) {
            throw new IllegalArgumentException("expected " + featureNames.size() + " features, got " + features.length);
        }
        ensureOpen();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("scorer is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                booster.close();
            } catch (LGBMException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
