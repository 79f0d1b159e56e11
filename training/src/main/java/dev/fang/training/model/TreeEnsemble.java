package dev.fang.training.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A binary LightGBM text model read into plain Java: raw score, probability, SHAP contributions and gain importance,
 * computing what LightGBM 4.3 computes (contributions as its {@code predict_type=contrib}). Immutable and
 * thread-safe: every call keeps its working memory to itself. Scoring in Java avoids a JNI call per vector, and
 * explaining in Java replaces LightGBM's TreeSHAP, which is quadratic in the depth of each path.
 */
final class TreeEnsemble {
    private final int numFeatures;
    private final double sigmoid;
    private final DecisionTree[] trees;
    private final double bias;
    private final int mostEdges;
    private final int mostPoints;

    private TreeEnsemble(int numFeatures, double sigmoid, DecisionTree[] trees) {
        this.numFeatures = numFeatures;
        this.sigmoid = sigmoid;
        this.trees = trees;
        double expected = 0;
        int edges = 0;
        int points = 0;
        for (DecisionTree tree : trees) {
            expected += tree.expectedValue(); // summed tree by tree, as LightGBM does
            edges = Math.max(edges, tree.edges());
            points = Math.max(points, tree.points());
        }
        this.bias = expected;
        this.mostEdges = edges;
        this.mostPoints = points;
    }

    /** Reads a LightGBM text model ({@code saveModelToString}); refuses what it cannot score exactly. */
    static TreeEnsemble parse(String modelText) {
        String[] lines = modelText.split("\n");
        Map<String, String> header = new HashMap<>();
        int line = 0;
        while (line < lines.length && !lines[line].startsWith("Tree=")) {
            putKeyValue(lines[line++], header);
        }
        if (!"1".equals(header.get("num_tree_per_iteration")) || !"1".equals(header.get("num_class"))) {
            throw new IllegalArgumentException("only single-output models are supported (num_class=" + header.get("num_class")
                    + ", num_tree_per_iteration=" + header.get("num_tree_per_iteration") + ")");
        }
        double sigmoid = binarySigmoid(header.getOrDefault("objective", ""));
        String maxFeature = header.get("max_feature_idx");
        if (maxFeature == null) {
            throw new IllegalArgumentException("not a LightGBM text model: no max_feature_idx");
        }
        int numFeatures = Integer.parseInt(maxFeature.trim()) + 1;
        List<DecisionTree> trees = new ArrayList<>();
        Map<String, String> block = null;
        for (; line < lines.length && !lines[line].startsWith("end of trees"); line++) {
            if (lines[line].startsWith("Tree=")) {
                if (block != null) {
                    trees.add(parseTree(block, numFeatures, trees.size()));
                }
                block = new HashMap<>();
            } else if (block != null) {
                putKeyValue(lines[line], block);
            }
        }
        if (block != null) {
            trees.add(parseTree(block, numFeatures, trees.size()));
        }
        if (trees.isEmpty()) {
            throw new IllegalArgumentException("the model has no trees");
        }
        return new TreeEnsemble(numFeatures, sigmoid, trees.toArray(DecisionTree[]::new));
    }

    int numFeatures() {
        return numFeatures;
    }

    /** The raw margin (log-odds): the trees' outputs summed in order, as LightGBM does. */
    double rawScore(double[] features) {
        double[] zeroed = DecisionTree.zeroed(features);
        double raw = 0;
        for (DecisionTree tree : trees) {
            raw += tree.predict(features, zeroed);
        }
        return raw;
    }

    /** LightGBM's binary output transform of the raw margin. */
    double score(double[] features) {
        return 1 / (1 + Math.exp(-sigmoid * rawScore(features)));
    }

    /** SHAP values of every feature followed by the bias (the base value): {@code numFeatures + 1} values. */
    double[] contributions(double[] features) {
        double[] phi = new double[numFeatures + 1];
        DecisionTree.ShapScratch scratch = new DecisionTree.ShapScratch(mostEdges, mostPoints);
        double[] zeroed = DecisionTree.zeroed(features);
        for (DecisionTree tree : trees) {
            tree.addContributions(features, zeroed, phi, scratch);
        }
        phi[numFeatures] = bias;
        return phi;
    }

    /** Total gain of each feature's splits (LightGBM's {@code importance_type=gain}). */
    double[] gainImportance() {
        double[] importance = new double[numFeatures];
        for (DecisionTree tree : trees) {
            tree.addGains(importance);
        }
        return importance;
    }

    private static DecisionTree parseTree(Map<String, String> block, int numFeatures, int index) {
        try {
            return DecisionTree.parse(block, numFeatures);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Tree=" + index + ": " + e.getMessage(), e);
        }
    }

    private static double binarySigmoid(String objective) {
        String[] parts = objective.trim().split(" ");
        if (!parts[0].equals("binary")) {
            throw new IllegalArgumentException("only binary models are supported, not objective=" + objective);
        }
        for (String part : parts) {
            if (part.startsWith("sigmoid:")) {
                return Double.parseDouble(part.substring("sigmoid:".length()));
            }
        }
        throw new IllegalArgumentException("objective=" + objective + " names no sigmoid");
    }

    private static void putKeyValue(String line, Map<String, String> into) {
        int eq = line.indexOf('=');
        if (eq > 0) {
            into.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
    }
}
