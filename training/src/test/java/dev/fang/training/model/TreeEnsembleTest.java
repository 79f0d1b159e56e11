package dev.fang.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.microsoft.ml.lightgbm.PredictionType;
import dev.fang.archive.ArchiveLimits;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.features.SourceFile;
import dev.fang.featurize.source.PackageLoader;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Java trees against LightGBM itself: same raw scores, probabilities, SHAP values and gain importance. */
class TreeEnsembleTest {
    static {
        NativeLightGbm.load();
    }

    /** Relative tolerance for SHAP values: LightGBM's TreeSHAP rounds differently from ours (it unwinds a path per feature). */
    private static final double SHAP_TOLERANCE = 1e-9;

    private static final Path SHIPPED = Path.of("..", "models", "default", "model.txt");

    @Test
    void shouldMatchLightGbmOnTheShippedModelForVectorsAtAndAroundEverySplit() throws Exception {
        String text = Files.readString(SHIPPED);
        TreeEnsemble trees = TreeEnsemble.parse(text);
        List<double[]> vectors = vectorsProbingSplits(text, trees.numFeatures(), 400, new Random(11));

        assertMatchesLightGbm(text, trees, vectors);
    }

    /**
     * Vectors of real code, as Fang scores them: the demo packages (the canary among them) and modules of the Python
     * standard library on this machine, each featurized as a package of its own.
     */
    @Test
    void shouldMatchLightGbmOnTheShippedModelForRealPackagesVectors() throws Exception {
        PackageLoader loader = new PackageLoader(ArchiveLimits.defaults());
        PackageFeaturizer featurizer = new PackageFeaturizer();
        List<double[]> vectors = new ArrayList<>();
        try (Stream<Path> demo = Files.list(Path.of("..", "app", "src", "main", "resources", "demo", "packages"))) {
            for (Path dir : demo.sorted().toList()) {
                vectors.add(featurizer.featurize(loader.fromDirectory(dir.getFileName().toString(), "1", dir)).values());
            }
        }
        Path stdlib = Path.of("/usr/lib/python3." + pythonMinor());
        try (Stream<Path> modules = Files.list(stdlib)) {
            for (Path module : modules.filter(file -> file.toString().endsWith(".py")).sorted().limit(150).toList()) {
                byte[] source = Files.readAllBytes(module);
                String name = module.getFileName().toString();
                vectors.add(featurizer.featurize(new PackageContents(name, "1", List.of(name), List.of(new SourceFile(name, source)))).values());
            }
        }
        assertThat(vectors).hasSizeGreaterThan(100);
        String text = Files.readString(SHIPPED);

        assertMatchesLightGbm(text, TreeEnsemble.parse(text), vectors);
    }

    private static String pythonMinor() throws Exception {
        Process python = new ProcessBuilder("python3", "-c", "import sys; print(sys.version_info[1])").start();
        return new String(python.getInputStream().readAllBytes()).strip();
    }

    @Test
    void shouldMatchLightGbmWhenMissingValuesAreNaN() throws Exception {
        // NaN in the training data gives splits with missing type NaN, sending NaN left or right
        String text = train(trainingRows(0.15, false, new Random(1)), "num_leaves=31 min_data_in_leaf=3", 40);
        assertThat(text).contains("decision_type=").containsPattern("decision_type=[^\\n]*\\b(8|10)\\b");

        assertMatchesLightGbm(text, TreeEnsemble.parse(text), vectorsProbingSplits(text, 6, 300, new Random(2)));
    }

    @Test
    void shouldMatchLightGbmWhenZeroMeansMissing() throws Exception {
        String text = train(trainingRows(0.15, true, new Random(3)), "num_leaves=31 min_data_in_leaf=3 zero_as_missing=true", 40);
        assertThat(text).containsPattern("decision_type=[^\\n]*\\b(4|6)\\b");

        assertMatchesLightGbm(text, TreeEnsemble.parse(text), vectorsProbingSplits(text, 6, 300, new Random(4)));
    }

    @Test
    void shouldMatchLightGbmWithoutMissingValueHandling() throws Exception {
        String text = train(trainingRows(0.15, true, new Random(5)), "num_leaves=15 min_data_in_leaf=3 use_missing=false", 30);

        assertMatchesLightGbm(text, TreeEnsemble.parse(text), vectorsProbingSplits(text, 6, 300, new Random(6)));
    }

    @Test
    void shouldMatchLightGbmOnDeepTreesThatSplitOnAFeatureAgainAndAgain() throws Exception {
        // six features and 63 leaves: long paths that revisit features, the case TreeSHAP has to merge
        String text = train(trainingRows(0.05, true, new Random(7)), "num_leaves=63 min_data_in_leaf=2 min_sum_hessian_in_leaf=0", 25);
        TreeEnsemble trees = TreeEnsemble.parse(text);
        assertThat(maxDepth(text)).isGreaterThan(10);

        assertMatchesLightGbm(text, trees, vectorsProbingSplits(text, 6, 300, new Random(8)));
    }

    @Test
    void shouldGiveTheSameAnswersFromManyThreadsAtOnce() throws Exception {
        String text = Files.readString(SHIPPED);
        TreeEnsemble trees = TreeEnsemble.parse(text);
        List<double[]> vectors = vectorsProbingSplits(text, trees.numFeatures(), 50, new Random(12));
        List<double[]> expected = vectors.stream().map(trees::contributions).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < vectors.size(); i++) {
                        if (!java.util.Arrays.equals(trees.contributions(vectors.get(i)), expected.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldIntegratePolynomialsBelowTwiceThePointCountExactly() {
        for (int points = 1; points <= 16; points++) {
            double[][] quadrature = DecisionTree.gaussLegendre(points);
            for (int degree = 0; degree < 2 * points; degree++) {
                double integral = 0;
                for (int q = 0; q < points; q++) {
                    integral += quadrature[1][q] * Math.pow(quadrature[0][q], degree);
                }
                assertThat(integral).as("∫ t^%d with %d points", degree, points).isCloseTo(1.0 / (degree + 1), within(1e-14));
            }
        }
    }

    @Test
    void shouldRefuseCategoricalSplits() {
        String text = train(trainingRows(0, true, new Random(9)), "num_leaves=7 min_data_in_leaf=3 categorical_feature=5", 5);
        assertThat(text).contains("num_cat=1");

        assertThatThrownBy(() -> TreeEnsemble.parse(text)).hasMessageContaining("categorical");
    }

    private static void assertMatchesLightGbm(String text, TreeEnsemble trees, List<double[]> vectors) throws LGBMException {
        int n = trees.numFeatures();
        double[] rowMajor = new double[vectors.size() * n];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(vectors.get(i), 0, rowMajor, i * n, n);
        }
        double[] raw;
        double[] probability;
        double[] contributions;
        double[] gain;
        try (LGBMBooster booster = LGBMBooster.loadModelFromString(text)) {
            raw = booster.predictForMat(rowMajor, vectors.size(), n, true, PredictionType.C_API_PREDICT_RAW_SCORE, "num_threads=1");
            probability = booster.predictForMat(rowMajor, vectors.size(), n, true, PredictionType.C_API_PREDICT_NORMAL, "num_threads=1");
            contributions = booster.predictForMat(rowMajor, vectors.size(), n, true, PredictionType.C_API_PREDICT_CONTRIB, "num_threads=1");
            gain = booster.featureImportance(0, LGBMBooster.FeatureImportanceType.GAIN);
        }
        assertThat(trees.gainImportance()).containsExactly(gain);
        for (int i = 0; i < vectors.size(); i++) {
            double[] vector = vectors.get(i);
            assertThat(trees.rawScore(vector)).as("raw score of vector %d", i).isEqualTo(raw[i]);
            assertThat(trees.score(vector)).as("probability of vector %d", i).isCloseTo(probability[i], within(1e-15));
            double[] mine = trees.contributions(vector);
            double sum = 0;
            for (int f = 0; f <= n; f++) {
                double theirs = contributions[i * (n + 1) + f];
                assertThat(mine[f]).as("vector %d, %s", i, f == n ? "bias" : "feature " + f)
                        .isCloseTo(theirs, within(SHAP_TOLERANCE * Math.max(1, Math.abs(theirs))));
                sum += mine[f];
            }
            assertThat(sum).as("SHAP values of vector %d sum to its raw score", i).isCloseTo(raw[i], within(1e-9));
        }
    }

    /**
     * Random vectors whose values sit exactly on a split threshold, just beside one, at zero, at magnitudes LightGBM
     * reads as zero, NaN, or anywhere in between: every branch of every decision gets taken.
     */
    private static List<double[]> vectorsProbingSplits(String text, int numFeatures, int count, Random random) {
        Map<Integer, List<Double>> thresholds = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("split_feature=")) {
                String[] features = line.substring("split_feature=".length()).trim().split(" ");
                thresholds.put(-1, new ArrayList<>());
                for (String feature : features) {
                    thresholds.get(-1).add((double) Integer.parseInt(feature));
                }
            } else if (line.startsWith("threshold=") && thresholds.containsKey(-1)) {
                String[] values = line.substring("threshold=".length()).trim().split(" ");
                List<Double> features = thresholds.remove(-1);
                for (int i = 0; i < values.length; i++) {
                    thresholds.computeIfAbsent(features.get(i).intValue(), f -> new ArrayList<>()).add(Double.parseDouble(values[i]));
                }
            }
        }
        List<double[]> vectors = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            double[] vector = new double[numFeatures];
            for (int f = 0; f < numFeatures; f++) {
                List<Double> splits = thresholds.getOrDefault(f, List.of(0.0));
                double threshold = splits.get(random.nextInt(splits.size()));
                vector[f] = switch (random.nextInt(9)) {
                    case 0, 1 -> threshold;
                    case 2 -> Math.nextUp(threshold);
                    case 3 -> Math.nextDown(threshold);
                    case 4 -> 0.0;
                    case 5 -> Double.NaN;
                    case 6 -> random.nextBoolean() ? DecisionTree.ZERO_THRESHOLD : -DecisionTree.ZERO_THRESHOLD;
                    case 7 -> random.nextBoolean() ? 1e-36 : -1e-36;
                    default -> threshold * (0.5 + random.nextDouble()) + random.nextGaussian();
                };
            }
            vectors.add(vector);
        }
        return vectors;
    }

    /**
     * Six features: three informative, with NaN (or zero) missing at the given rate, two small-integer features that
     * give ties, one that takes values 0..3 (categorical when asked).
     */
    private static List<double[]> trainingRows(double missingRate, boolean zeroForMissing, Random random) {
        List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < 600; r++) {
            int label = random.nextInt(2);
            double[] row = new double[7];
            for (int f = 0; f < 3; f++) {
                row[f] = random.nextDouble() < missingRate ? (zeroForMissing ? 0.0 : Double.NaN) : label * 1.5 + random.nextGaussian();
            }
            row[3] = random.nextInt(4) + label;
            row[4] = random.nextInt(3);
            row[5] = random.nextInt(4);
            row[6] = label ^ (random.nextDouble() < 0.1 ? 1 : 0) ^ (row[5] >= 2 ? 1 : 0);
            rows.add(row);
        }
        return rows;
    }

    /** A binary LightGBM model trained on rows whose last column is the label. */
    private static String train(List<double[]> rows, String params, int rounds) {
        int features = rows.get(0).length - 1;
        double[] data = new double[rows.size() * features];
        float[] labels = new float[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, data, r * features, features);
            labels[r] = (float) rows.get(r)[features];
        }
        String all = "objective=binary verbosity=-1 num_threads=1 deterministic=true seed=1 learning_rate=0.3 " + params;
        try (LGBMDataset set = LGBMDataset.createFromMat(data, rows.size(), features, true, all, null)) {
            set.setField("label", labels);
            try (LGBMBooster booster = LGBMBooster.create(set, all)) {
                for (int round = 0; round < rounds && !booster.updateOneIter(); round++) {
                    // trains until the rounds run out or nothing can be split
                }
                return booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.GAIN);
            }
        } catch (LGBMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deepest leaf of any tree, read from the model's child arrays. */
    private static int maxDepth(String text) {
        int deepest = 0;
        int[] left = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("left_child=")) {
                left = parseInts(line);
            } else if (line.startsWith("right_child=") && left != null) {
                deepest = Math.max(deepest, depth(0, left, parseInts(line)));
            }
        }
        return deepest;
    }

    private static int depth(int node, int[] left, int[] right) {
        return node < 0 ? 0 : 1 + Math.max(depth(left[node], left, right), depth(right[node], left, right));
    }

    private static int[] parseInts(String line) {
        return java.util.Arrays.stream(line.substring(line.indexOf('=') + 1).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }
}
