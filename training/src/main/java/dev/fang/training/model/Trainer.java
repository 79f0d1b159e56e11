package dev.fang.training.model;

import dev.fang.training.calibration.Calibration;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.evaluation.Metrics;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains Fang's LightGBM model with honest, group-aware evaluation.
 *
 * <h2>Procedure of {@link #train}</h2>
 * <ol>
 *   <li>Rows are split into {@code folds} group-aware outer folds, each group placed by the rank of a seeded hash of its name among its label's groups ({@link Folds}).</li>
 *   <li>For each outer fold, the other folds are the training part. A group-aware validation split (one of
 *       {@code validationFolds} folds of the training part) is carved out of it. Every grid combination is trained
 *       on the rest with early stopping on that validation split (binary log-loss, {@code patience} rounds); the
 *       combination with the lowest validation log-loss scores the held-out fold. The held-out fold takes no part
 *       in fitting, early stopping or selection, so its scores are honest out-of-fold scores.</li>
 *   <li>The final model uses the combination with the lowest mean validation log-loss over the outer folds, trained
 *       on all rows for the median of that combination's early-stopped rounds across folds.</li>
 *   <li>The calibration table is the out-of-fold scores of all benign rows except derived ones
 *       ({@link DatasetRow#derived()}). (They come from the fold models, which
 *       saw a fifth less data than the final model; thresholds read from them are the standard, slightly
 *       conservative estimate.)</li>
 * </ol>
 * LightGBM runs with {@code deterministic=true}, {@code force_row_wise=true}, a fixed seed and a fixed thread
 * count, so the same dataset and configuration give the same model text.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainingConfig config;
    private final int parallelism;
    private final Augmentation augmentation;

    /**
     * Rows added to a training part after a model was trained on it, made against that model, and trained on again:
     * adversarial training. Every added row must belong to the group of a package of the training part, so it stays on
     * that package's side of every inner split.
     */
    public interface Augmentation {
        /**
         * Extra rows for {@code trainRows} of {@code data}, made against {@code model} (LightGBM text) trained on them;
         * {@code part} names the training part in logs, e.g. {@code fold 2}.
         */
        Rows rowsFor(Dataset data, int[] trainRows, String model, String part);

        /** What was added and how, in a sentence for {@code model.json} and the report. */
        String description();

        /** Rows to append, with their feature vectors in the dataset's feature order. */
        record Rows(List<DatasetRow> rows, List<double[]> vectors) {
            public Rows {
                rows = List.copyOf(rows);
                vectors = List.copyOf(vectors);
                if (rows.size() != vectors.size()) {
                    throw new IllegalArgumentException(rows.size() + " rows but " + vectors.size() + " vectors");
                }
            }
        }
    }

    /** A trainer that runs one fold at a time. */
    public Trainer(TrainingConfig config) {
        this(config, 1);
    }

    /**
     * A trainer that runs up to {@code parallelism} outer folds at once (each LightGBM training still uses
     * {@code config.threads()} threads). The result is identical for any parallelism: every training is independent
     * and deterministic. Use the number of cores with the default single LightGBM thread.
     */
    public Trainer(TrainingConfig config, int parallelism) {
        this(config, parallelism, null);
    }

    private Trainer(TrainingConfig config, int parallelism, Augmentation augmentation) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.config = config;
        this.parallelism = parallelism;
        this.augmentation = augmentation;
    }

    /**
     * This trainer with every model of {@link #train} and {@link #timeSplit} (fold models, final model, time-split model)
     * trained twice: once on its training part, then again with the rows {@code augmentation} makes against that first
     * model. Out-of-fold scores, and so the calibration, come from the second fold models.
     */
    public Trainer withAugmentation(Augmentation augmentation) {
        return new Trainer(config, parallelism, augmentation);
    }

    public TrainingConfig config() {
        return config;
    }

    /** Cross-validates, trains the final model and builds the calibration table. */
    public TrainingResult train(Dataset data) {
        requireBothLabels(data, IntStream.range(0, data.rows().size()).toArray(), "dataset");
        int n = data.rows().size();
        int[] all = IntStream.range(0, n).toArray();
        int[] fold = outerFolds(data);
        double[] oof = new double[n];
        List<FoldResult> folds = new ArrayList<>();
        int grid = config.grid().size();
        double[] lossSum = new double[grid];
        List<List<Integer>> roundsPerCombo = new ArrayList<>();
        for (int c = 0; c < grid; c++) {
            roundsPerCombo.add(new ArrayList<>());
        }
        List<FoldOutcome> outcomes = runFolds(data, all, fold);
        for (FoldOutcome outcome : outcomes) {
            int[] test = outcome.test();
            for (int i = 0; i < test.length; i++) {
                oof[test[i]] = outcome.scores()[i];
            }
            Search search = outcome.search();
            for (int c = 0; c < grid; c++) {
                lossSum[c] += search.losses()[c];
                roundsPerCombo.get(c).add(search.rounds()[c]);
            }
            FoldResult result = new FoldResult(outcome.fold(), search.fitRows(), search.validRows(), test.length, config.grid().get(search.best()),
                    search.rounds()[search.best()], boxed(search.losses()), boxed(search.rounds()));
            folds.add(result);
            LOG.info("fold {}/{}: {} train, {} valid, {} test; chose {} ({} rounds, valid log-loss {})", outcome.fold() + 1, config.folds(),
                    result.trainRows(), result.validRows(), result.testRows(), result.chosen(), result.rounds(),
                    String.format("%.4f", search.losses()[search.best()]));
        }
        int bestCombo = 0;
        for (int c = 1; c < grid; c++) {
            if (lossSum[c] < lossSum[bestCombo] - 1e-12) {
                bestCombo = c;
            }
        }
        HyperParams chosen = config.grid().get(bestCombo);
        int rounds = median(roundsPerCombo.get(bestCombo));
        String params = config.lightGbmParams(chosen);
        String modelText = trainRounds(data, all, params, rounds);
        int added = 0;
        if (augmentation != null) {
            Augmented augmented = augment(data, all, modelText, "final model");
            added = augmented.added();
            modelText = trainRounds(augmented.data(), augmented.rows(), params, rounds);
        }
        LOG.info("final model: {} for {} rounds on {} rows ({} added)", chosen, rounds, n + added, added);

        List<Double> benignScores = new ArrayList<>();
        List<String> benignIds = new ArrayList<>();
        List<Double> malicious = new ArrayList<>();
        for (int row = 0; row < n; row++) {
            DatasetRow r = data.rows().get(row);
            if (r.derived()) {
                continue;
            }
            if (r.label() == 0) {
                benignScores.add(oof[row]);
                benignIds.add(r.id());
            } else {
                malicious.add(oof[row]);
            }
        }
        Calibration calibration = Calibration.of(unbox(benignScores), benignIds.toArray(String[]::new));
        double auc = Metrics.rocAuc(unbox(malicious), unbox(benignScores));
        String modelSha = DatasetSummary.sha256Hex(modelText);
        ModelInfo info = new ModelInfo(ModelInfo.modelId(data.catalogueVersion(), modelSha), data.catalogueVersion(),
                ModelInfo.LIGHTGBM_VERSION, data.featureNames(), chosen, rounds, params, DatasetSummary.of(data),
                new ModelInfo.CrossValidation(config.folds(), config.seed(), auc, folds), calibration.size(), modelSha, config.featureCaps(),
                augmentation == null ? null : new ModelInfo.Augmentation(augmentation.description(), added));
        Holdout outOfFold = new Holdout("group " + config.folds() + "-fold", all, oof,
                "Out-of-fold scores of " + config.folds() + " group-aware folds, each group placed by the rank of a seeded hash of its name among its label's groups (seed " + config.seed()
                        + "): no campaign group or benign project spans training and test; hyper-parameters and early stopping"
                        + " used a validation split of the training part only.");
        return new TrainingResult(info, modelText, calibration, outOfFold, fold);
    }

    /**
     * The time split: malware campaigns first seen on or after a cutoff date are held out with a group-aware
     * share of the benign rows; the model (with its own validation split, search and early stopping) is
     * trained on the rest. The cutoff is chosen so that about {@code timeSplitTestShare} of the dated malicious rows
     * are held out. A campaign group is placed by its earliest date, so whole campaigns move together; malicious rows
     * without a date always train. The benign test share is the same fraction, picked by {@link Folds}.
     */
    public Holdout timeSplit(Dataset data) {
        int n = data.rows().size();
        Map<String, String> firstSeen = new HashMap<>();
        int dated = 0;
        for (DatasetRow row : data.rows()) {
            if (row.label() == 1 && row.date() != null && !row.date().isEmpty()) {
                dated++;
                firstSeen.merge(row.group(), row.date(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        if (dated == 0) {
            throw new IllegalArgumentException("no malicious row has a date: the time split needs dates");
        }
        Map<String, Integer> datedRowsPerGroup = new HashMap<>();
        for (DatasetRow row : data.rows()) {
            if (row.label() == 1 && firstSeen.containsKey(row.group())) {
                datedRowsPerGroup.merge(row.group(), 1, Integer::sum);
            }
        }
        List<String> byDate = new ArrayList<>(firstSeen.keySet());
        byDate.sort(Comparator.comparing((String g) -> firstSeen.get(g)).thenComparing(g -> g));
        int wanted = (int) Math.ceil(config.timeSplitTestShare() * dated);
        int held = 0;
        int cut = byDate.size();
        while (cut > 0 && held < wanted) {
            cut--;
            held += datedRowsPerGroup.get(byDate.get(cut));
        }
        String cutoff = firstSeen.get(byDate.get(cut));
        // Groups first seen on the cutoff date go to test together, so the cutoff is a clean date boundary.
        while (cut > 0 && firstSeen.get(byDate.get(cut - 1)).equals(cutoff)) {
            cut--;
        }
        if (cut == 0) {
            throw new IllegalArgumentException("all dated malware shares the earliest date " + cutoff + ": no time split possible");
        }
        java.util.Set<String> testGroups = new java.util.HashSet<>(byDate.subList(cut, byDate.size()));

        int[] benignRows = IntStream.range(0, n).filter(r -> data.rows().get(r).label() == 0).toArray();
        int benignFolds = Math.max(2, (int) Math.round(1 / config.timeSplitTestShare()));
        int[] benignFold = Folds.assign(groups(data, benignRows), labels(data, benignRows), benignFolds, config.seed());
        boolean[] test = new boolean[n];
        for (int i = 0; i < benignRows.length; i++) {
            test[benignRows[i]] = benignFold[i] == 0;
        }
        for (int r = 0; r < n; r++) {
            DatasetRow row = data.rows().get(r);
            if (row.label() == 1) {
                test[r] = testGroups.contains(row.group());
            }
        }
        int[] testRows = IntStream.range(0, n).filter(r -> test[r]).toArray();
        int[] trainRows = IntStream.range(0, n).filter(r -> !test[r]).toArray();
        Search search = augmentedSearch(data, trainRows, config.seed() + 1000, "time split");
        double[] scores = predict(search.bestModel(), data, testRows);
        LOG.info("time split at {}: {} train, {} test; chose {}", cutoff, trainRows.length, testRows.length, config.grid().get(search.best()));
        long testMalicious = Arrays.stream(testRows).filter(r -> data.rows().get(r).label() == 1).count();
        return new Holdout("time split", testRows, scores,
                "Test malware: the " + testGroups.size() + " campaign groups (" + testMalicious + " packages) first seen on or after "
                        + cutoff + "; training malware: campaigns first seen earlier (and undated samples). Benign: a group-aware 1/"
                        + benignFolds + " of the projects held out. Hyper-parameters chosen on a validation split of the training part ("
                        + config.grid().get(search.best()) + ", " + search.rounds()[search.best()] + " rounds).");
    }

    private record FoldOutcome(int fold, int[] test, double[] scores, Search search) {
    }

    /** The outer fold of every row, exactly as {@link #train} assigns them (same groups, labels and seed). */
    public int[] outerFolds(Dataset data) {
        int[] all = IntStream.range(0, data.rows().size()).toArray();
        return Folds.assign(groups(data, all), labels(data, all), config.folds(), config.seed());
    }

    /**
     * The model {@link #train} builds for outer fold {@code fold}, as LightGBM text: the grid search with early stopping
     * on a validation split of {@code trainRows}, with that fold's seed. {@code data} may hold rows the cross-validation
     * never had (e.g. adversarial training rows); only {@code trainRows} are used.
     */
    public String foldModel(Dataset data, int[] trainRows, int fold) {
        return search(data, trainRows, foldSeed(fold)).bestModel();
    }

    private long foldSeed(int fold) {
        return config.seed() + 1 + fold;
    }

    /** Runs the outer folds, {@code parallelism} at a time; each training is single-job, so results do not depend on it. */
    private List<FoldOutcome> runFolds(Dataset data, int[] all, int[] fold) {
        java.util.function.IntFunction<FoldOutcome> one = f -> {
            int[] train = Folds.select(all, fold, f, true);
            int[] test = Folds.select(all, fold, f, false);
            Search search = augmentedSearch(data, train, foldSeed(f), "fold " + (f + 1));
            return new FoldOutcome(f, test, predict(search.bestModel(), data, test), search);
        };
        List<FoldOutcome> outcomes = new ArrayList<>();
        if (parallelism <= 1) {
            for (int f = 0; f < config.folds(); f++) {
                outcomes.add(one.apply(f));
            }
            return outcomes;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "fang-train");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<FoldOutcome>> futures = new ArrayList<>();
            for (int f = 0; f < config.folds(); f++) {
                int fi = f;
                futures.add(pool.submit(() -> one.apply(fi)));
            }
            for (java.util.concurrent.Future<FoldOutcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A dataset with rows appended by the augmentation, and the training part extended by them. */
    private record Augmented(Dataset data, int[] rows, int added) {
    }

    private Augmented augment(Dataset data, int[] trainPart, String model, String part) {
        Augmentation.Rows extra = augmentation.rowsFor(data, trainPart, model, part);
        Dataset augmented = data.withRowsAppended(extra.rows(), extra.vectors());
        int[] rows = IntStream.concat(IntStream.of(trainPart), IntStream.range(data.rows().size(), augmented.rows().size())).toArray();
        return new Augmented(augmented, rows, extra.rows().size());
    }

    /** The grid search on a training part; with an augmentation, run again on the part and the rows made against its model. */
    private Search augmentedSearch(Dataset data, int[] trainPart, long seed, String part) {
        Search plain = search(data, trainPart, seed);
        if (augmentation == null) {
            return plain;
        }
        Augmented augmented = augment(data, trainPart, plain.bestModel(), part);
        return search(augmented.data(), augmented.rows(), seed);
    }

    private String trainRounds(Dataset data, int[] rows, String params, int rounds) {
        try (LGBMDataset train = Lgbm.dataset(data, rows, config, null)) {
            return Lgbm.trainRounds(train, params, rounds);
        } catch (LGBMException e) {
            throw new TrainingException("final training failed", e);
        }
    }

    /** Result of the grid search on one training part. */
    private record Search(int best, double[] losses, int[] rounds, String bestModel, int fitRows, int validRows) {
    }

    private Search search(Dataset data, int[] trainPart, long seed) {
        requireBothLabels(data, trainPart, "training part");
        int[] inner = Folds.assign(groups(data, trainPart), labels(data, trainPart), config.validationFolds(), seed);
        int[] fit = Folds.select(trainPart, inner, 0, true);
        int[] valid = Folds.select(trainPart, inner, 0, false);
        requireBothLabels(data, valid, "validation split");
        int grid = config.grid().size();
        double[] losses = new double[grid];
        int[] rounds = new int[grid];
        int best = -1;
        String bestModel = null;
        try (LGBMDataset fitSet = Lgbm.dataset(data, fit, config, null);
             LGBMDataset validSet = Lgbm.dataset(data, valid, config, fitSet)) {
            for (int c = 0; c < grid; c++) {
                Lgbm.Trained trained = Lgbm.trainEarlyStopping(fitSet, validSet, config.lightGbmParams(config.grid().get(c)),
                        config.maxRounds(), config.patience());
                losses[c] = trained.validLoss();
                rounds[c] = trained.rounds();
                if (best < 0 || losses[c] < losses[best] - 1e-12) {
                    best = c;
                    bestModel = trained.modelText();
                }
            }
        } catch (LGBMException e) {
            throw new TrainingException("training failed", e);
        }
        return new Search(best, losses, rounds, bestModel, fit.length, valid.length);
    }

    private double[] predict(String model, Dataset data, int[] rows) {
        try {
            return Lgbm.predict(model, data, rows, config.threads());
        } catch (LGBMException e) {
            throw new TrainingException("prediction failed", e);
        }
    }

    private static void requireBothLabels(Dataset data, int[] rows, String what) {
        boolean pos = false;
        boolean neg = false;
        for (int r : rows) {
            if (data.rows().get(r).label() == 1) {
                pos = true;
            } else {
                neg = true;
            }
        }
        if (!pos || !neg) {
            throw new IllegalArgumentException("the " + what + " needs both malicious and benign rows (" + rows.length + " rows)");
        }
    }

    static List<String> groups(Dataset data, int[] rows) {
        List<String> groups = new ArrayList<>(rows.length);
        for (int r : rows) {
            groups.add(data.rows().get(r).group());
        }
        return groups;
    }

    static int[] labels(Dataset data, int[] rows) {
        return Arrays.stream(rows).map(r -> data.rows().get(r).label()).toArray();
    }

    private static int median(List<Integer> values) {
        int[] sorted = values.stream().mapToInt(Integer::intValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (int) Math.round((sorted[mid - 1] + sorted[mid]) / 2.0);
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
