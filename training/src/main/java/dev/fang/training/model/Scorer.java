package dev.fang.training.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Scores and explains feature vectors with a LightGBM model, in Java ({@link TreeEnsemble}): the same raw scores,
 * probabilities and SHAP values LightGBM computes, without a native call per vector.
 *
 * <p>Thread-safe: the parsed trees are immutable and every call keeps its working memory to itself, so one scorer can
 * serve every thread. {@link #close} only marks it closed, for callers that hold it as a resource.
 */
public final class Scorer implements AutoCloseable {
    static {
        NativeLightGbm.load();
    }

    private final TreeEnsemble trees;
    private final List<String> featureNames;
    private volatile boolean closed;

    Scorer(String modelText, List<String> featureNames) {
        this(parse(modelText), featureNames);
    }

    Scorer(TreeEnsemble trees, List<String> featureNames) {
        if (trees.numFeatures() != featureNames.size()) {
            throw new IllegalArgumentException("model has " + trees.numFeatures() + " features, metadata lists " + featureNames.size());
        }
        this.trees = trees;
        this.featureNames = List.copyOf(featureNames);
    }

    /** A scorer over a LightGBM text model whose features are {@code featureNames}, e.g. from {@link Trainer#foldModel}. */
    public static Scorer of(String modelText, List<String> featureNames) {
        return new Scorer(modelText, featureNames);
    }

    static TreeEnsemble parse(String modelText) {
        try {
            return TreeEnsemble.parse(modelText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load LightGBM model: " + e.getMessage(), e);
        }
    }

    TreeEnsemble trees() {
        return trees;
    }

    /** The probability that the package is malicious, in [0, 1]: {@code sigmoid(raw margin)}. */
    public double score(double[] features) {
        check(features);
        return trees.score(features);
    }

    /** The raw margin (log-odds) of the vector. */
    public double rawScore(double[] features) {
        check(features);
        return trees.rawScore(features);
    }

    /** SHAP contributions of every feature and the bias; see {@link Explanation}. */
    public Explanation explain(double[] features) {
        check(features);
        double[] contrib = trees.contributions(features);
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
        int n = featureNames.size();
        if (rowMajor.length != rows * n) {
            throw new IllegalArgumentException("expected " + rows + " x " + n + " values, got " + rowMajor.length);
        }
        ensureOpen();
        double[] out = new double[rows * (n + 1)];
        for (int row = 0; row < rows; row++) {
            double[] phi = trees.contributions(Arrays.copyOfRange(rowMajor, row * n, (row + 1) * n));
            System.arraycopy(phi, 0, out, row * (n + 1), n + 1);
        }
        return out;
    }

    /** Total gain of each feature's splits over the model, in feature order. */
    public double[] gainImportance() {
        ensureOpen();
        return trees.gainImportance();
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
        closed = true;
    }
}
