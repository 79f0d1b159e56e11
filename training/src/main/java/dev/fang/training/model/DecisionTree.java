package dev.fang.training.model;

import java.util.Arrays;
import java.util.Map;

/**
 * One tree of a LightGBM text model with numerical splits: prediction and exact path-dependent TreeSHAP, deciding
 * every split the way LightGBM 4.3 does. Immutable, so one instance serves every thread.
 *
 * <p>SHAP works edge by edge in time linear in the tree (the idea of Yu et al.'s Linear TreeSHAP, 2022). Along a
 * root-to-leaf path each distinct feature {@code j} has a cover fraction {@code r_j} (the share of training rows
 * following the path through j's splits) and a state {@code p_j} (1 if the explained row follows all of them, else 0).
 * With {@code g_j(t) = r_j + (p_j - r_j) t}, the Shapley weights are a Beta integral, so a leaf of value {@code v}
 * gives feature {@code i}
 * <pre>
 *   phi_i = v · (p_i - r_i) · ∫₀¹ Π_{j≠i} g_j(t) dt = ∫₀¹ v · Π_j g_j(t) · (p_i - r_i) / g_i(t) dt
 * </pre>
 * The integrand is a polynomial of degree below the path's distinct features {@code d}, so Gauss-Legendre quadrature
 * with {@code ⌈d/2⌉} points is exact. At those points, the sums {@code Σ v·Π g} over the leaves below each edge add up
 * from the leaves, and each edge of feature {@code i} adds its term for every leaf below it; where {@code i} is split
 * on again further down, the deeper edge takes back what the upper one counted for its leaves, so every leaf is
 * counted once, with its own last factor of {@code i}. A row costs O(edges · points) per tree, without tables.
 */
final class DecisionTree {
    /** LightGBM's {@code kZeroThreshold} (the float 1e-35): smaller magnitudes count as zero. */
    static final double ZERO_THRESHOLD = 1.0000000180025095e-35;
    private static final int CATEGORICAL_BIT = 1;
    private static final int DEFAULT_LEFT_BIT = 2;
    private static final int MISSING_NONE = 0;
    private static final int MISSING_ZERO = 1;
    private static final int MISSING_NAN = 2;
    private final int[] splitFeature;
    private final double[] threshold;
    private final int[] missingType;
    private final boolean[] defaultLeft;
    private final int[] leftChild;
    private final int[] rightChild;
    private final float[] splitGain;
    private final double[] leafValue;
    private final double expectedValue;

    // Internal nodes in depth-first order (a node before the nodes below it); the k-th one's edges are 2k (left) and
    // 2k + 1 (right). Per node, its feature, the edge into it (-1 at the root) and the nearest edge above splitting on
    // its feature (or the sentinel edge E = 2 · internal nodes: always hot, cover 1).
    private final int[] preorderNode;
    private final int[] preorderFeature;
    private final int[] edgeInto;
    private final int[] sameFeatureAbove;
    // Per edge, its cover fraction r (the share of training rows following its path through the splits on its
    // feature; the sentinel's is 1), and per state of the edge (0: the same-feature edge above is cold, 1: cold below
    // a hot one, 2: hot) three coefficients: its factor's constant and slope in t relative to the factor above (cold
    // above: r / r_above; else hot r + (1 - r) t or cold r - r t), scaled by the leaf value at an edge into a leaf;
    // and its term's scale (0, 1, 1 - r), the numerator p - r of the edge's own factor over a table row.
    private static final int COEFFICIENTS = 9;
    private final double[] edgeCover;
    private final double[] edgeCoefficients;
    // Quadrature points and weights, and a table of rows of one value per point: per edge 1 / (r + (1 - r) t), the
    // inverse of its feature's hot factor; then ones (row E); then -1 / (1 - t), the term of a cold factor (row E + 1).
    private final int points;
    private final double[] pointAt;
    private final double[] pointWeight;
    private final double[] table;

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

        int internal = splitFeature.length;
        int edges = 2 * internal;
        this.preorderNode = new int[internal];
        this.preorderFeature = new int[internal];
        this.edgeInto = new int[internal];
        this.sameFeatureAbove = new int[internal];
        this.edgeCover = new double[edges + 1];
        edgeCover[edges] = 1;
        // the products of the edges into leaves carry the leaf's value, so the sums below start from them
        double[] edgeScale = new double[edges];
        int longestPath = internal == 0 ? 0
                : addEdges(0, -1, new int[Arrays.stream(splitFeature).max().getAsInt() + 1], 0, new int[] {0}, edgeScale, leafCount,
                        internalCount);
        this.edgeCoefficients = new double[COEFFICIENTS * edges];
        for (int k = 0; k < internal; k++) {
            double coverAbove = edgeCover[sameFeatureAbove[k]];
            for (int edge = 2 * k; edge <= 2 * k + 1; edge++) {
                double cover = edgeCover[edge];
                double scale = edgeScale[edge];
                int at = COEFFICIENTS * edge;
                // without cover above there is nothing below: the product is zero already
                edgeCoefficients[at] = coverAbove > 0 ? cover / coverAbove * scale : 0;
                edgeCoefficients[at + 3] = cover * scale;
                edgeCoefficients[at + 4] = -cover * scale;
                edgeCoefficients[at + 5] = 1;
                edgeCoefficients[at + 6] = cover * scale;
                edgeCoefficients[at + 7] = (1 - cover) * scale;
                edgeCoefficients[at + 8] = 1 - cover;
            }
        }
        this.points = Math.max(1, (longestPath + 1) / 2);
        double[][] quadrature = gaussLegendre(points);
        this.pointAt = quadrature[0];
        this.pointWeight = quadrature[1];
        this.table = new double[(edges + 2) * points];
        for (int q = 0; q < points; q++) {
            for (int edge = 0; edge < edges; edge++) {
                table[edge * points + q] = 1 / (edgeCover[edge] + (1 - edgeCover[edge]) * pointAt[q]);
            }
            table[edges * points + q] = 1;
            table[(edges + 1) * points + q] = -1 / (1 - pointAt[q]);
        }
    }

    /**
     * Numbers {@code node} and the nodes below it depth first from {@code next[0]}, noting for each edge its cover
     * fraction (a product over the path's splits on the same feature) and its scale (the leaf's value, or 1); returns
     * the most distinct features on a path below. {@code lastEdgeOf[f]} is the nearest edge above splitting on feature
     * f, plus one (0: none).
     */
    private int addEdges(int node, int edgeIntoNode, int[] lastEdgeOf, int distinct, int[] next, double[] edgeScale, int[] leafCount,
            int[] internalCount) {
        int k = next[0]++;
        int sentinel = 2 * splitFeature.length;
        preorderNode[k] = node;
        edgeInto[k] = edgeIntoNode;
        int feature = splitFeature[node];
        preorderFeature[k] = feature;
        int above = lastEdgeOf[feature] - 1;
        sameFeatureAbove[k] = above < 0 ? sentinel : above;
        int pathFeatures = distinct + (above < 0 ? 1 : 0);
        int longest = pathFeatures;
        for (int side = 0; side < 2; side++) {
            int child = side == 0 ? leftChild[node] : rightChild[node];
            int edge = 2 * k + side;
            edgeScale[edge] = child < 0 ? leafValue[~child] : 1;
            double childCount = child >= 0 ? internalCount[child] : leafCount[~child];
            edgeCover[edge] = edgeCover[sameFeatureAbove[k]] * childCount / internalCount[node];
            if (child >= 0) {
                lastEdgeOf[feature] = edge + 1;
                longest = Math.max(longest, addEdges(child, edge, lastEdgeOf, pathFeatures, next, edgeScale, leafCount, internalCount));
                lastEdgeOf[feature] = above + 1;
            }
        }
        return longest;
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

    int edges() {
        return 2 * splitFeature.length;
    }

    /** Quadrature points of this tree's SHAP integrals: {@link #addContributions} needs edges × points of scratch. */
    int points() {
        return points;
    }

    /** The SHAP base value: the leaves' values weighted by their share of the training rows. */
    double expectedValue() {
        return expectedValue;
    }

    /**
     * The tree's output for a row, given also as {@link #zeroed} (read at splits without missing-value handling, the
     * usual kind, with a single comparison).
     */
    double predict(double[] features, double[] zeroed) {
        if (splitFeature.length == 0) {
            return leafValue[0];
        }
        int node = 0;
        while (node >= 0) {
            node = goesLeft(features, zeroed, node) ? leftChild[node] : rightChild[node];
        }
        return leafValue[~node];
    }

    /** The row as LightGBM reads it at a split without missing-value handling: NaN and magnitudes up to 1e-35 are 0. */
    static double[] zeroed(double[] features) {
        double[] zeroed = new double[features.length];
        for (int f = 0; f < features.length; f++) {
            double value = features[f];
            zeroed[f] = Double.isNaN(value) || Math.abs(value) <= ZERO_THRESHOLD ? 0.0 : value;
        }
        return zeroed;
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
     * {@code scratch} of at least {@link #edges()} × {@link #points()} values.
     */
    void addContributions(double[] features, double[] zeroed, double[] phi, ShapScratch scratch) {
        int internal = splitFeature.length;
        // Branch-free where the row decides (a mispredicted branch costs more than the arithmetic it skips).
        long goesLeft = 0;
        for (int node = 0; node < internal; node++) {
            goesLeft |= (goesLeft(features, zeroed, node) ? 1L : 0L) << node;
        }
        int[] hot = scratch.hot;
        double[] sums = scratch.sums;
        double[] rows = table;
        double[] coefficients = edgeCoefficients;
        double[] t = pointAt;
        int n = points;
        int sentinel = 2 * internal;
        int ones = sentinel * n;
        int coldTerm = (sentinel + 1) * n;
        int first = n; // edge e's row of sums starts at first + e * n; before it, the root's
        hot[sentinel] = 1;
        // The empty path's product is 1; the quadrature weights ride along in every product and sum from here.
        System.arraycopy(pointWeight, 0, sums, 0, n);
        // The row's states pick coefficients and table rows by arithmetic: its splits are unpredictable branches.
        // Down the tree: each edge's state and, at every point, the product of its path's factors Π g_j(t), where
        // crossing an edge of feature f replaces f's factor from the edge above (or 1) by the edge's own, and an edge
        // into a leaf also multiplies by the leaf's value: there, the leaf's Σ v·Π g.
        for (int k = 0; k < internal; k++) {
            int left = 2 * k;
            int right = left + 1;
            int above = sameFeatureAbove[k];
            int aboveHot = hot[above];
            int goesLeftHere = (int) (goesLeft >>> preorderNode[k]) & 1;
            int leftHot = aboveHot & goesLeftHere;
            int rightHot = aboveHot & (goesLeftHere ^ 1);
            hot[left] = leftHot;
            hot[right] = rightHot;
            int leftCoefficients = COEFFICIENTS * left + 3 * (aboveHot + leftHot);
            int rightCoefficients = COEFFICIENTS * right + 3 * (aboveHot + rightHot);
            double leftConstant = coefficients[leftCoefficients];
            double leftSlope = coefficients[leftCoefficients + 1];
            double rightConstant = coefficients[rightCoefficients];
            double rightSlope = coefficients[rightCoefficients + 1];
            int inverseAbove = ones + aboveHot * (above * n - ones);
            int from = edgeInto[k] < 0 ? 0 : first + edgeInto[k] * n;
            int leftAt = first + left * n;
            int rightAt = first + right * n;
            for (int q = 0; q < n; q++) {
                double path = sums[from + q] * rows[inverseAbove + q];
                sums[leftAt + q] = path * (leftConstant + leftSlope * t[q]);
                sums[rightAt + q] = path * (rightConstant + rightSlope * t[q]);
            }
        }
        // Up the tree: the sums Σ v·Π g of the leaves below each edge, and each edge's term for its feature: the sum
        // times (p - r) / g of its own factor, hot (1 - r) / (r + (1 - r) t) or cold -1 / (1 - t), less the same for
        // the hot factor above (whose term counted this edge's leaves too). Below a cold edge of the same feature
        // both are cold and the term is zero.
        for (int k = internal - 1; k >= 0; k--) {
            int left = 2 * k;
            int right = left + 1;
            int above = sameFeatureAbove[k];
            int aboveHot = hot[above];
            int leftHot = hot[left];
            int rightHot = hot[right];
            double leftScale = coefficients[COEFFICIENTS * left + 3 * (aboveHot + leftHot) + 2];
            double rightScale = coefficients[COEFFICIENTS * right + 3 * (aboveHot + rightHot) + 2];
            double aboveScale = aboveHot * (1 - edgeCover[above]);
            int leftTerm = coldTerm + leftHot * (left * n - coldTerm);
            int rightTerm = coldTerm + rightHot * (right * n - coldTerm);
            int inverseAbove = above * n;
            int to = edgeInto[k] < 0 ? 0 : first + edgeInto[k] * n; // the root's sums are never read
            int leftAt = first + left * n;
            int rightAt = first + right * n;
            double sum = 0;
            for (int q = 0; q < n; q++) {
                double leftBelow = sums[leftAt + q];
                double rightBelow = sums[rightAt + q];
                double aboveTerm = aboveScale * rows[inverseAbove + q];
                sum += leftBelow * (leftScale * rows[leftTerm + q] - aboveTerm) + rightBelow * (rightScale * rows[rightTerm + q] - aboveTerm);
                sums[to + q] = leftBelow + rightBelow;
            }
            phi[preorderFeature[k]] += sum;
        }
    }

    private boolean goesLeft(double[] features, double[] zeroed, int node) {
        int feature = splitFeature[node];
        return missingType[node] == MISSING_NONE ? zeroed[feature] <= threshold[node] : goesLeft(features[feature], node);
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

    /** Gauss-Legendre points and weights on [0, 1]: exact for polynomials of degree below {@code 2 · n}. */
    static double[][] gaussLegendre(int n) {
        double[] points = new double[n];
        double[] weights = new double[n];
        for (int k = 0; k < n; k++) {
            // Newton's method on the Legendre polynomial P_n from the usual cosine guess for its k-th root
            double x = Math.cos(Math.PI * (k + 0.75) / (n + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++) {
                double previous = 1;
                double current = x;
                for (int degree = 2; degree <= n; degree++) {
                    double nextValue = ((2 * degree - 1) * x * current - (degree - 1) * previous) / degree;
                    previous = current;
                    current = nextValue;
                }
                derivative = n * (x * current - previous) / (x * x - 1);
                double step = current / derivative;
                x -= step;
                if (Math.abs(step) < 1e-16) {
                    break;
                }
            }
            points[k] = (1 - x) / 2;
            weights[k] = 1 / ((1 - x * x) * derivative * derivative);
        }
        return new double[][] {points, weights};
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

    /**
     * Per-call working memory for {@link #addContributions}, sized for the largest tree of a model: per edge its state
     * and a row of values per quadrature point, after a row for the edge above the root.
     */
    static final class ShapScratch {
        final int[] hot;
        final double[] sums;

        ShapScratch(int edges, int points) {
            hot = new int[edges + 1];
            sums = new double[(edges + 1) * points];
        }
    }
}
