package dev.fang.training.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tree of a LightGBM text model with numerical splits: prediction and exact path-dependent TreeSHAP, deciding
 * every split the way LightGBM 4.3 does. Immutable, so one instance serves every thread.
 *
 * <p>SHAP works leaf by leaf (the per-leaf form of Lundberg et al.'s TreeSHAP): a leaf's path is reduced to its
 * distinct features, each with a <em>zero fraction</em> (the share of the training rows that follows the path through
 * that feature's splits) and a hot/cold state (whether the explained row follows all of them). With {@code d} distinct
 * features, hot set {@code H} and leaf value {@code v}, the Shapley weights {@code w(s) = s!(d-1-s)!/d!} give
 * <pre>
 *   cold feature:  -v · Π_cold z · Σ_s w(s) e_{|H|-s}(z_H)
 *   hot feature i:  v · (1 - z_i) · Π_cold z · Σ_s w(s) e_{|H|-1-s}(z_{H\i})
 * </pre>
 * where {@code e_m} are the elementary symmetric polynomials of the hot features' zero fractions. The distinct
 * features and their fractions are fixed per leaf and prepared once; per row only the hot set changes. For leaves
 * of up to {@value #TABLE_MAX_DISTINCT} distinct features the values of every hot set are computed at load (Yang's
 * Fast TreeSHAP v2, 2021), so explaining a row there is a look-up; deeper leaves (the shipped model's paths reach 14
 * distinct features, whose tables would take 64 MB) are computed per row in O(d²).
 */
final class DecisionTree {
    /** LightGBM's {@code kZeroThreshold} (the float 1e-35): smaller magnitudes count as zero. */
    static final double ZERO_THRESHOLD = 1.0000000180025095e-35;
    private static final int CATEGORICAL_BIT = 1;
    private static final int DEFAULT_LEFT_BIT = 2;
    private static final int MISSING_ZERO = 1;
    private static final int MISSING_NAN = 2;
    /** Larger tables cost more memory (d · 2^d values per leaf) and cache misses than they save. */
    private static final int TABLE_MAX_DISTINCT = 8;

    private final int[] splitFeature;
    private final double[] threshold;
    private final int[] missingType;
    private final boolean[] defaultLeft;
    private final int[] leftChild;
    private final int[] rightChild;
    private final float[] splitGain;
    private final double[] leafValue;
    private final double expectedValue;

    // Per leaf, its distinct path features [pathStart[leaf], pathStart[leaf + 1]) ...
    private final int[] pathStart;
    private final int[] pathFeature;
    private final double[] pathZeroFraction;
    // ... with the splits of each distinct feature (bit n = internal node n), and per leaf the splits of its whole
    // path and the directions it takes there (bit set = left).
    private final long[] pathFeatureNodes;
    private final long[] leafPathNodes;
    private final long[] leafPathGoesLeft;
    private final int longestPath;
    // Per leaf, where its contributions for each hot set start (or -1: computed per row), then the contributions of
    // hot set h (bit i = distinct feature i is hot) at tableStart[leaf] + h * distinct.
    private final int[] tableStart;
    private final double[] contributionTable;

    private DecisionTree(int[] splitFeature, double[] threshold, int[] decisionType, int[] leftChild, int[] rightChild, float[] splitGain,
            double[] leafValue, int[] leafCount, int[] internalCount) {
        this.splitFeature = splitFeature;
        this.threshold = threshold;
        this.leftChild = leftChild;
        this.rightChild = rightChild;
        this.splitGain = splitGain;
        this.leafValue = leafValue;
        if (splitFeature.length > Long.SIZE) {
            // the per-row decisions of a tree live in one long
            throw new IllegalArgumentException("trees of more than " + (Long.SIZE + 1) + " leaves are not supported (this one has "
                    + leafValue.length + ")");
        }
        this.missingType = new int[decisionType.length];
        this.defaultLeft = new boolean[decisionType.length];
        for (int node = 0; node < decisionType.length; node++) {
            if ((decisionType[node] & CATEGORICAL_BIT) != 0) {
                throw new IllegalArgumentException("categorical split at node " + node + ": only numerical splits are supported");
            }
            defaultLeft[node] = (decisionType[node] & DEFAULT_LEFT_BIT) != 0;
            missingType[node] = (decisionType[node] >> 2) & 3;
            if (missingType[node] > MISSING_NAN) {
                throw new IllegalArgumentException("unknown missing type " + missingType[node] + " at node " + node);
            }
        }
        this.expectedValue = expectedValue(leafValue, leafCount, internalCount);

        List<LeafPath> paths = new ArrayList<>();
        if (leafValue.length > 1) {
            collectPaths(0, new ArrayList<>(), leafCount, internalCount, paths);
        } else {
            paths.add(new LeafPath(0, new int[0], new double[0], new int[0][]));
        }
        paths.sort((a, b) -> Integer.compare(a.leaf(), b.leaf()));
        this.pathStart = new int[leafValue.length + 1];
        int totalFeatures = paths.stream().mapToInt(p -> p.features().length).sum();
        this.pathFeature = new int[totalFeatures];
        this.pathZeroFraction = new double[totalFeatures];
        this.pathFeatureNodes = new long[totalFeatures];
        this.leafPathNodes = new long[leafValue.length];
        this.leafPathGoesLeft = new long[leafValue.length];
        int k = 0;
        int longest = 0;
        for (LeafPath path : paths) {
            pathStart[path.leaf()] = k;
            longest = Math.max(longest, path.features().length);
            for (int i = 0; i < path.features().length; i++, k++) {
                pathFeature[k] = path.features()[i];
                pathZeroFraction[k] = path.zeroFractions()[i];
                for (int condition : path.conditions()[i]) {
                    long node = 1L << (condition >> 1);
                    pathFeatureNodes[k] |= node;
                    leafPathNodes[path.leaf()] |= node;
                    leafPathGoesLeft[path.leaf()] |= (condition & 1) == 1 ? node : 0;
                }
            }
            pathStart[path.leaf() + 1] = k;
        }
        this.longestPath = longest;
        this.tableStart = new int[leafValue.length];
        this.contributionTable = contributionTables();
    }

    /** One {@code Tree=} block, as key-value pairs. */
    static DecisionTree parse(Map<String, String> block, int numFeatures) {
        int leaves = Integer.parseInt(required(block, "num_leaves"));
        if (!"0".equals(block.getOrDefault("num_cat", "0"))) {
            throw new IllegalArgumentException("tree has categorical splits (num_cat=" + block.get("num_cat") + "): only numerical splits are supported");
        }
        if (!"0".equals(block.getOrDefault("is_linear", "0"))) {
            throw new IllegalArgumentException("linear trees are not supported");
        }
        double[] leafValue = doubles(required(block, "leaf_value"), leaves, "leaf_value");
        if (leaves == 1) {
            return new DecisionTree(new int[0], new double[0], new int[0], new int[0], new int[0], new float[0], leafValue,
                    new int[] {0}, new int[] {0});
        }
        int internal = leaves - 1;
        int[] splitFeature = ints(required(block, "split_feature"), internal, "split_feature");
        for (int feature : splitFeature) {
            if (feature < 0 || feature >= numFeatures) {
                throw new IllegalArgumentException("split on feature " + feature + " of a model with " + numFeatures);
            }
        }
        double[] splitGainValues = doubles(required(block, "split_gain"), internal, "split_gain");
        float[] splitGain = new float[internal];
        for (int i = 0; i < internal; i++) {
            splitGain[i] = (float) splitGainValues[i]; // LightGBM keeps gains as floats
        }
        return new DecisionTree(splitFeature, doubles(required(block, "threshold"), internal, "threshold"),
                ints(required(block, "decision_type"), internal, "decision_type"), ints(required(block, "left_child"), internal, "left_child"),
                ints(required(block, "right_child"), internal, "right_child"), splitGain, leafValue,
                ints(required(block, "leaf_count"), leaves, "leaf_count"), ints(required(block, "internal_count"), internal, "internal_count"));
    }

    /** Distinct features of the longest leaf path: the scratch size {@link #addContributions} needs. */
    int longestPath() {
        return longestPath;
    }

    /** The SHAP base value: the leaves' values weighted by their share of the training rows. */
    double expectedValue() {
        return expectedValue;
    }

    double predict(double[] features) {
        if (splitFeature.length == 0) {
            return leafValue[0];
        }
        int node = 0;
        while (node >= 0) {
            node = goesLeft(features[splitFeature[node]], node) ? leftChild[node] : rightChild[node];
        }
        return leafValue[~node];
    }

    /** Adds each feature's positive split gains to {@code importance} (LightGBM's gain importance). */
    void addGains(double[] importance) {
        for (int node = 0; node < splitGain.length; node++) {
            if (splitGain[node] > 0) {
                importance[splitFeature[node]] += splitGain[node];
            }
        }
    }

    /**
     * Adds this tree's SHAP values to {@code phi} (one per feature; the base value is the caller's), using
     * {@code scratch} sized for this tree.
     */
    void addContributions(double[] features, double[] phi, ShapScratch scratch) {
        // Branch-free where the row decides (a mispredicted branch costs more than the arithmetic it skips).
        long goesLeft = 0;
        for (int node = 0; node < splitFeature.length; node++) {
            goesLeft |= (goesLeft(features[splitFeature[node]], node) ? 1L : 0L) << node;
        }
        boolean[] follows = scratch.follows;
        double[] leafPhi = scratch.leafPhi;
        for (int leaf = 0; leaf < leafValue.length; leaf++) {
            int start = pathStart[leaf];
            int distinct = pathStart[leaf + 1] - start;
            long strays = (goesLeft ^ leafPathGoesLeft[leaf]) & leafPathNodes[leaf];
            int table = tableStart[leaf];
            if (table >= 0) {
                int hotSet = 0;
                for (int i = 0; i < distinct; i++) {
                    hotSet |= ((strays & pathFeatureNodes[start + i]) == 0 ? 1 : 0) << i;
                }
                int row = table + hotSet * distinct;
                for (int i = 0; i < distinct; i++) {
                    phi[pathFeature[start + i]] += contributionTable[row + i];
                }
            } else {
                for (int i = 0; i < distinct; i++) {
                    follows[i] = (strays & pathFeatureNodes[start + i]) == 0;
                }
                leafContributions(leaf, follows, leafPhi, scratch);
                for (int i = 0; i < distinct; i++) {
                    phi[pathFeature[start + i]] += leafPhi[i];
                }
            }
        }
    }

    /** What one leaf adds to each of its distinct path features ({@code out[i]}), given which ones the row follows. */
    private void leafContributions(int leaf, boolean[] follows, double[] out, ShapScratch scratch) {
        double[] hotZero = scratch.hotZeroFraction;
        double[] polynomial = scratch.polynomial;
        double[] withoutOne = scratch.withoutOne;
        double[] weighted = scratch.weighted;
        int start = pathStart[leaf];
        int distinct = pathStart[leaf + 1] - start;
        double coldProduct = 1;
        int hot = 0;
        for (int i = 0; i < distinct; i++) {
            hotZero[hot] = pathZeroFraction[start + i];
            hot += follows[i] ? 1 : 0;
            coldProduct *= follows[i] ? 1 : pathZeroFraction[start + i];
        }
        polynomial[0] = 1;
        for (int i = 0; i < hot; i++) {
            polynomial[i + 1] = 0;
            for (int m = i + 1; m >= 1; m--) {
                polynomial[m] += hotZero[i] * polynomial[m - 1];
            }
        }
        double[] weights = scratch.shapleyWeights[distinct];
        double scale = leafValue[leaf] * coldProduct;
        // For each hot feature i, divide the polynomial by (1 + z_i t) (the polynomials without i) while summing it
        // with the weights. The hot features run side by side, so their sums do not wait for one another.
        for (int i = 0; i < hot; i++) {
            withoutOne[i] = 1;
            weighted[i] = weights[hot - 1];
        }
        for (int m = 1; m < hot; m++) {
            double coefficient = polynomial[m];
            double weight = weights[hot - 1 - m];
            for (int i = 0; i < hot; i++) {
                withoutOne[i] = coefficient - hotZero[i] * withoutOne[i];
                weighted[i] += weight * withoutOne[i];
            }
        }
        double cold = -scale * weightedSum(weights, polynomial, hot);
        for (int i = 0, h = 0; i < distinct; i++) {
            out[i] = follows[i] ? scale * (1 - hotZero[h]) * weighted[h] : cold;
            h += follows[i] ? 1 : 0;
        }
    }

    /**
     * Every leaf's contributions for every hot set, for leaves of up to {@link #TABLE_MAX_DISTINCT} distinct features
     * (Fast TreeSHAP v2's trade of memory for time): a row then costs one look-up per leaf instead of the polynomials.
     */
    private double[] contributionTables() {
        int size = 0;
        for (int leaf = 0; leaf < leafValue.length; leaf++) {
            int distinct = pathStart[leaf + 1] - pathStart[leaf];
            if (distinct <= TABLE_MAX_DISTINCT) {
                tableStart[leaf] = size;
                size += distinct << distinct;
            } else {
                tableStart[leaf] = -1;
            }
        }
        double[] table = new double[size];
        ShapScratch scratch = new ShapScratch(longestPath, ShapScratch.shapleyWeights(longestPath));
        for (int leaf = 0; leaf < leafValue.length; leaf++) {
            int distinct = pathStart[leaf + 1] - pathStart[leaf];
            for (int hotSet = 0; tableStart[leaf] >= 0 && hotSet < 1 << distinct; hotSet++) {
                for (int i = 0; i < distinct; i++) {
                    scratch.follows[i] = (hotSet >> i & 1) == 1;
                }
                leafContributions(leaf, scratch.follows, scratch.leafPhi, scratch);
                System.arraycopy(scratch.leafPhi, 0, table, tableStart[leaf] + hotSet * distinct, distinct);
            }
        }
        return table;
    }

    /** {@code Σ_{s=0..degree} w(s) e_{degree-s}}. */
    private static double weightedSum(double[] weights, double[] polynomial, int degree) {
        double sum = 0;
        for (int s = 0; s <= degree; s++) {
            sum += weights[s] * polynomial[degree - s];
        }
        return sum;
    }

    /** LightGBM's numerical decision, including how it reads dense rows (magnitudes up to 1e-35 are zero). */
    private boolean goesLeft(double value, int node) {
        int missing = missingType[node];
        if (Double.isNaN(value)) {
            if (missing == MISSING_NAN) {
                return defaultLeft[node];
            }
            value = 0.0;
        } else if (Math.abs(value) <= ZERO_THRESHOLD) {
            value = 0.0;
        }
        if (missing == MISSING_ZERO && value == 0.0) {
            return defaultLeft[node];
        }
        return value <= threshold[node];
    }

    private static double expectedValue(double[] leafValue, int[] leafCount, int[] internalCount) {
        if (leafValue.length == 1) {
            return leafValue[0];
        }
        double total = internalCount[0];
        double expected = 0;
        for (int leaf = 0; leaf < leafValue.length; leaf++) {
            expected += leafCount[leaf] / total * leafValue[leaf];
        }
        return expected;
    }

    private record LeafPath(int leaf, int[] features, double[] zeroFractions, int[][] conditions) {
    }

    private void collectPaths(int node, List<int[]> steps, int[] leafCount, int[] internalCount, List<LeafPath> out) {
        if (node < 0) {
            out.add(leafPath(~node, steps, leafCount, internalCount));
            return;
        }
        steps.add(new int[] {node, 1});
        collectPaths(leftChild[node], steps, leafCount, internalCount, out);
        steps.set(steps.size() - 1, new int[] {node, 0});
        collectPaths(rightChild[node], steps, leafCount, internalCount, out);
        steps.remove(steps.size() - 1);
    }

    /** Merges the splits of a root-to-leaf path by feature, multiplying each feature's cover ratios. */
    private LeafPath leafPath(int leaf, List<int[]> steps, int[] leafCount, int[] internalCount) {
        Map<Integer, double[]> zeroFraction = new LinkedHashMap<>();
        Map<Integer, List<Integer>> conditionsByFeature = new LinkedHashMap<>();
        for (int[] step : steps) {
            int node = step[0];
            int child = step[1] == 1 ? leftChild[node] : rightChild[node];
            double childCount = child >= 0 ? internalCount[child] : leafCount[~child];
            int feature = splitFeature[node];
            zeroFraction.computeIfAbsent(feature, f -> new double[] {1})[0] *= childCount / internalCount[node];
            conditionsByFeature.computeIfAbsent(feature, f -> new ArrayList<>()).add(node * 2 + step[1]);
        }
        int[] features = zeroFraction.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] fractions = zeroFraction.values().stream().mapToDouble(f -> f[0]).toArray();
        int[][] conditions = conditionsByFeature.values().stream().map(list -> list.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        return new LeafPath(leaf, features, fractions, conditions);
    }

    private static String required(Map<String, String> block, String key) {
        String value = block.get(key);
        if (value == null) {
            throw new IllegalArgumentException("tree block lacks " + key);
        }
        return value;
    }

    private static double[] doubles(String text, int expected, String key) {
        String[] parts = text.trim().split(" ");
        if (parts.length != expected) {
            throw new IllegalArgumentException(key + " has " + parts.length + " values, expected " + expected);
        }
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i]);
        }
        return values;
    }

    private static int[] ints(String text, int expected, String key) {
        String[] parts = text.trim().split(" ");
        if (parts.length != expected) {
            throw new IllegalArgumentException(key + " has " + parts.length + " values, expected " + expected);
        }
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Integer.parseInt(parts[i]);
        }
        return values;
    }

    /** Per-call working memory for {@link #addContributions}, sized for the largest tree of a model. */
    static final class ShapScratch {
        final boolean[] follows;
        final double[] hotZeroFraction;
        final double[] leafPhi;
        final double[] polynomial;
        final double[] withoutOne;
        final double[] weighted;
        /** {@code shapleyWeights[d][s] = s!(d-1-s)!/d!} for {@code s < d}, then 0: shared, never written. */
        final double[][] shapleyWeights;

        ShapScratch(int longestPath, double[][] shapleyWeights) {
            this.shapleyWeights = shapleyWeights;
            follows = new boolean[longestPath];
            hotZeroFraction = new double[longestPath];
            leafPhi = new double[longestPath];
            polynomial = new double[longestPath + 1];
            withoutOne = new double[longestPath];
            weighted = new double[longestPath];
        }

        /** Weights for paths of up to {@code longestPath} distinct features: {@code 1 / (d · C(d-1, s))}. */
        static double[][] shapleyWeights(int longestPath) {
            double[][] weights = new double[longestPath + 1][];
            for (int d = 1; d <= longestPath; d++) {
                weights[d] = new double[d + 1]; // w(d) = 0: a leaf with every feature hot has no cold value to spread
                double binomial = 1;
                for (int s = 0; s < d; s++) {
                    weights[d][s] = 1 / (d * binomial);
                    binomial = binomial * (d - 1 - s) / (s + 1);
                }
            }
            return weights;
        }
    }
}
