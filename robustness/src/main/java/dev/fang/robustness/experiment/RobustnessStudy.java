package dev.fang.robustness.experiment;

import dev.fang.robustness.experiment.AdversarialExamples.AttackRun;
import dev.fang.robustness.experiment.AdversarialExamples.Target;
import dev.fang.robustness.experiment.StudyResult.Attacked;
import dev.fang.robustness.experiment.StudyResult.FamilyDrop;
import dev.fang.robustness.experiment.StudyResult.FoldTraining;
import dev.fang.robustness.experiment.StudyResult.ModelResult;
import dev.fang.robustness.experiment.StudyResult.Obfuscated;
import dev.fang.robustness.experiment.StudyResult.Point;
import dev.fang.robustness.GreedyAttack;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.dataset.PackageSource;
import dev.fang.training.evaluation.EvaluationConfig;
import dev.fang.training.evaluation.Evaluator;
import dev.fang.training.evaluation.Metrics;
import dev.fang.training.evaluation.SplitEvaluation;
import dev.fang.training.model.Folds;
import dev.fang.training.model.Holdout;
import dev.fang.training.model.Trainer;
import dev.fang.training.model.TrainingConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The robustness protocol of issue 6, per outer fold k of the group split {@code fang train} evaluates with:
 * <ol>
 *   <li>the base model k, trained on the other folds as {@link Trainer#train} trains its fold models;</li>
 *   <li>a seeded sample of fold k's malware, attacked with the greedy attack against that model;</li>
 *   <li>adversarial training: a seeded sample of the <em>training</em> folds' malware is attacked against base model k,
 *       the most evasive p% of it (lowest score after the attack) is added with label 1, and as many training-fold benign
 *       packages, obfuscated with every transformation, with label 0 — each in its own package's group — and model k
 *       is trained again. Fold k's packages never enter it;</li>
 *   <li>every model measured on fold k: out-of-fold scores, the test sample attacked against <em>that</em> model, and a
 *       sample of fold k's real benign packages obfuscated with every transformation.</li>
 * </ol>
 * Thresholds for a model come from its own out-of-fold scores of real benign packages, pooled over the folds, as the
 * evaluation reads them. Samples, attacks and obfuscations are seeded and trainings deterministic, so a run repeats
 * exactly; attacks and obfuscations are cached per model, package digest and seed, so a run also resumes.
 */
public final class RobustnessStudy {
    private final TrainingConfig training;
    private final StudyConfig config;
    private final Map<String, PackageSource.Loader> packages;
    private final ResultCache cache;
    private final PrintStream progress;
    private final AdversarialExamples.Tally tally = new AdversarialExamples.Tally();

    /**
     * @param training  how every model is trained (folds, seed, grid): that of {@code fang train}
     * @param packages  how to read each dataset row's package again, by row id; rows without one are never sampled
     * @param cacheDir  where attack and obfuscation results are kept between runs (null: nowhere)
     */
    public RobustnessStudy(TrainingConfig training, StudyConfig config, Map<String, PackageSource.Loader> packages, Path cacheDir,
                           PrintStream progress) {
        this.training = training;
        this.config = config;
        this.packages = Map.copyOf(packages);
        this.cache = new ResultCache(cacheDir);
        this.progress = progress;
    }

    /** Runs the protocol for every feature space; the models come out space by space, base model first. */
    public StudyResult run(List<FeatureSpace> spaces) {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), runnable -> {
            Thread thread = new Thread(runnable, "fang-robustness");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<ModelResult> models = new ArrayList<>();
            for (FeatureSpace space : spaces) {
                models.addAll(new SpaceRun(space, pool).run());
            }
            int computed = tally.attacksRun.get();
            return new StudyResult(config, training.folds(), models, computed, tally.attacksCached.get(),
                    computed == 0 ? 0 : tally.attackNanos.get() / 1e9 / computed, (System.nanoTime() - start) / 1e9, tally.skippedSorted());
        } finally {
            pool.shutdownNow();
        }
    }

    /** What fold k samples: fold k's malware to attack and benign packages to obfuscate, training packages for AT. */
    private record FoldPlan(int fold, int[] trainRows, int[] testRows, List<Integer> testMalware, List<Integer> atMalware,
                            List<Integer> heldOutBenign, List<Integer> atBenignPool) {
    }

    /** A trained fold model. */
    private record FoldModel(Target target, int trainingRows, List<String> adversarialIds, List<String> obfuscatedIds) {
    }

    /** The study of one feature space. */
    private final class SpaceRun {
        private final FeatureSpace space;
        private final ExecutorService pool;
        private final Dataset data;
        private final Trainer trainer;
        private final int[] foldOfRow;
        private final AdversarialExamples examples;

        SpaceRun(FeatureSpace space, ExecutorService pool) {
            this.space = space;
            this.pool = pool;
            this.data = space.learnable();
            this.trainer = new Trainer(training);
            this.foldOfRow = trainer.outerFolds(data);
            this.examples = new AdversarialExamples(space, packages, cache, config.seed(), config.obfuscationProbability(), tally);
        }

        List<ModelResult> run() {
            int folds = training.folds();
            List<FoldPlan> plans = IntStream.range(0, folds).mapToObj(this::plan).toList();
            log("%s: %d packages, %d folds; per fold %s test malware attacked, %s training malware attacked for AT, %s held-out benign obfuscated",
                    space.name(), data.rows().size(), folds, sizes(plans, FoldPlan::testMalware), sizes(plans, FoldPlan::atMalware),
                    sizes(plans, FoldPlan::heldOutBenign));

            List<FoldModel> base = all("base models", plans.stream().<Callable<FoldModel>>map(plan -> () ->
                    train(plan, List.of(), List.of())).toList());

            // Everything the base models need attacked or obfuscated is submitted at once, so both cores stay busy.
            Tracker tracker = new Tracker("attacks on the base models and obfuscations", pool);
            List<List<Future<AttackRun>>> testAttacks = new ArrayList<>();
            List<List<Future<AttackRun>>> atAttacks = new ArrayList<>();
            List<List<Future<double[]>>> heldOutObfuscated = new ArrayList<>();
            List<List<Future<double[]>>> atObfuscated = new ArrayList<>();
            for (FoldPlan plan : plans) {
                FoldModel model = base.get(plan.fold());
                testAttacks.add(plan.testMalware().stream().map(row -> tracker.submit(() -> examples.attack(data, model.target(), row))).toList());
                atAttacks.add(plan.atMalware().stream().map(row -> tracker.submit(() -> examples.attack(data, model.target(), row))).toList());
                heldOutObfuscated.add(plan.heldOutBenign().stream().map(row -> tracker.submit(() -> examples.obfuscate(data, row))).toList());
                atObfuscated.add(plan.atBenignPool().stream().map(row -> tracker.submit(() -> examples.obfuscate(data, row))).toList());
            }
            List<List<AttackRun>> baseAttacks = awaitAll(testAttacks);
            List<List<AttackRun>> atRuns = awaitAll(atAttacks);
            List<List<double[]>> heldOutVectors = awaitAll(heldOutObfuscated);
            List<List<double[]>> atBenignVectors = awaitAll(atObfuscated);

            List<ModelResult> results = new ArrayList<>();
            results.add(measure("base", 0, plans, base, baseAttacks, heldOutVectors));
            for (int percent : config.atPercents()) {
                List<FoldModel> adversarial = all("AT " + percent + "% models", plans.stream().<Callable<FoldModel>>map(plan -> () ->
                        trainAdversarially(plan, percent, atRuns.get(plan.fold()), atBenignVectors.get(plan.fold()))).toList());
                Tracker atTracker = new Tracker("attacks on the AT " + percent + "% models", pool);
                List<List<Future<AttackRun>>> attacks = new ArrayList<>();
                for (FoldPlan plan : plans) {
                    FoldModel model = adversarial.get(plan.fold());
                    attacks.add(plan.testMalware().stream().map(row -> atTracker.submit(() -> examples.attack(data, model.target(), row))).toList());
                }
                results.add(measure("at" + percent, percent, plans, adversarial, awaitAll(attacks), heldOutVectors));
            }
            return results;
        }

        private FoldPlan plan(int fold) {
            List<Integer> testMalware = new ArrayList<>();
            List<Integer> atMalware = new ArrayList<>();
            List<Integer> heldOutBenign = new ArrayList<>();
            List<Integer> trainingBenign = new ArrayList<>();
            for (int row = 0; row < data.rows().size(); row++) {
                if (!examples.readable(data, row)) {
                    continue;
                }
                boolean test = foldOfRow[row] == fold;
                (data.rows().get(row).label() == 1 ? (test ? testMalware : atMalware) : (test ? heldOutBenign : trainingBenign)).add(row);
            }
            List<Integer> atSample = examples.sample(data, atMalware, config.atSample(), AdversarialExamples.MALWARE_PURPOSE);
            int mostAdded = config.atPercents().stream().mapToInt(p -> AdversarialExamples.adversarialCount(p, atSample.size())).max().orElse(0);
            int[] all = IntStream.range(0, data.rows().size()).toArray();
            return new FoldPlan(fold, Folds.select(all, foldOfRow, fold, true), Folds.select(all, foldOfRow, fold, false),
                    examples.sample(data, testMalware, config.testSample(), "test-malware"), atSample,
                    examples.sample(data, heldOutBenign, config.benignSample(), "held-out-benign"),
                    examples.sample(data, trainingBenign, mostAdded, AdversarialExamples.BENIGN_PURPOSE));
        }

        private FoldModel trainAdversarially(FoldPlan plan, int percent, List<AttackRun> runs, List<double[]> benignVectors) {
            Set<Integer> trainingRows = IntStream.of(plan.trainRows()).boxed().collect(Collectors.toSet());
            AdversarialExamples.Added added = examples.added(data, trainingRows, percent, plan.atMalware(), runs, plan.atBenignPool(), benignVectors);
            return train(plan, added.rows().rows(), added.rows().vectors(), added.malware(), added.benign());
        }

        private FoldModel train(FoldPlan plan, List<DatasetRow> extraRows, List<double[]> extraVectors) {
            return train(plan, extraRows, extraVectors, List.of(), List.of());
        }

        private FoldModel train(FoldPlan plan, List<DatasetRow> extraRows, List<double[]> extraVectors, List<Integer> adversarial,
                                List<Integer> obfuscated) {
            Dataset trainingData = extraRows.isEmpty() ? data : data.withRowsAppended(extraRows, extraVectors);
            int[] rows = IntStream.concat(IntStream.of(plan.trainRows()), IntStream.range(data.rows().size(), trainingData.rows().size())).toArray();
            long start = System.nanoTime();
            String modelText = trainer.foldModel(trainingData, rows, plan.fold());
            Target target = examples.target(modelText, data.featureNames());
            log("  fold %d: model %s trained on %d rows (%d added) in %.0f s", plan.fold() + 1, target.id(), rows.length, extraRows.size(),
                    (System.nanoTime() - start) / 1e9);
            return new FoldModel(target, rows.length, ids(adversarial), ids(obfuscated));
        }

        private ModelResult measure(String variant, int percent, List<FoldPlan> plans, List<FoldModel> models, List<List<AttackRun>> attackRuns,
                                    List<List<double[]>> obfuscatedVectors) {
            List<Integer> rows = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            List<Attacked> attacked = new ArrayList<>();
            List<Obfuscated> obfuscated = new ArrayList<>();
            List<AttackRun> runs = new ArrayList<>();
            List<FoldTraining> trainings = new ArrayList<>();
            for (FoldPlan plan : plans) {
                FoldModel model = models.get(plan.fold());
                for (int row : plan.testRows()) {
                    rows.add(row);
                    scores.add(model.target().scorer().score(data.row(row)));
                }
                for (int i = 0; i < plan.testMalware().size(); i++) {
                    AttackRun run = attackRuns.get(plan.fold()).get(i);
                    if (run != null) {
                        runs.add(run);
                        attacked.add(new Attacked(data.rows().get(plan.testMalware().get(i)).id(), plan.fold(), run.originalScore(),
                                run.finalScore(), run.seconds()));
                    }
                }
                for (int i = 0; i < plan.heldOutBenign().size(); i++) {
                    double[] vector = obfuscatedVectors.get(plan.fold()).get(i);
                    if (vector != null) {
                        int row = plan.heldOutBenign().get(i);
                        obfuscated.add(new Obfuscated(data.rows().get(row).id(), plan.fold(), model.target().scorer().score(data.row(row)),
                                model.target().scorer().score(vector)));
                    }
                }
                trainings.add(new FoldTraining(plan.fold(), model.target().id(), model.trainingRows(), model.adversarialIds(), model.obfuscatedIds()));
            }
            String name = space.name() + "/" + variant;
            SplitEvaluation clean = new Evaluator(evaluationConfig()).evaluate(data, new Holdout(name,
                    rows.stream().mapToInt(Integer::intValue).toArray(), scores.stream().mapToDouble(Double::doubleValue).toArray(),
                    "out-of-fold scores of " + name));
            List<Point> points = new ArrayList<>();
            for (double target : StudyConfig.TARGET_FPRS) {
                double threshold = clean.at(target).threshold();
                points.add(new Point(target, threshold, clean.at(target).tpr(),
                        rate(attacked.stream().mapToDouble(Attacked::originalScore), threshold),
                        rate(attacked.stream().mapToDouble(Attacked::attackedScore), threshold),
                        rate(obfuscated.stream().mapToDouble(Obfuscated::originalScore), threshold),
                        rate(obfuscated.stream().mapToDouble(Obfuscated::obfuscatedScore), threshold)));
            }
            ModelResult result = new ModelResult(name, space.name(), percent, clean, clean.rocAuc(), points, scoreDrops(runs), attacked,
                    obfuscated, trainings);
            for (Point p : points) {
                log("%s at %s FPR: TPR clean %.2f%%, attacked sample %.2f%% -> %.2f%%; obfuscated benign flagged %.2f%%", name,
                        percent(p.targetFpr()), 100 * p.cleanTpr(), 100 * p.sampleCleanTpr(), 100 * p.attackedTpr(),
                        100 * p.obfuscatedBenignFlagged());
            }
            return result;
        }

        private List<String> ids(List<Integer> rows) {
            return rows.stream().map(row -> data.rows().get(row).id()).toList();
        }

        private <T> List<T> all(String what, List<Callable<T>> tasks) {
            log("  training %s ...", what);
            List<Future<T>> futures = tasks.stream().map(pool::submit).toList();
            return futures.stream().map(RobustnessStudy::await).toList();
        }
    }

    /** Tasks submitted together: prints how many are done as they finish, at most every 15 seconds, and the last one. */
    private final class Tracker {
        private final String what;
        private final ExecutorService pool;
        private final long start = System.nanoTime();
        private final AtomicInteger submitted = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicLong lastReport = new AtomicLong(start);

        Tracker(String what, ExecutorService pool) {
            this.what = what;
            this.pool = pool;
        }

        <T> Future<T> submit(Callable<T> task) {
            submitted.incrementAndGet();
            return pool.submit(() -> {
                try {
                    return task.call();
                } finally {
                    int finished = done.incrementAndGet();
                    long now = System.nanoTime();
                    long last = lastReport.get();
                    if ((now - last > 15e9 && lastReport.compareAndSet(last, now)) || finished == submitted.get()) {
                        log("  %s: %d/%d done, %.0f s", what, finished, submitted.get(), (now - start) / 1e9);
                    }
                }
            });
        }
    }

    /** Results per fold, in task order; a task that failed was recorded as skipped and gives null. */
    private static <T> List<List<T>> awaitAll(List<List<Future<T>>> folds) {
        return folds.stream().map(fold -> fold.stream().map(RobustnessStudy::await).toList()).toList();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * How much each transformation family lowered the score: along each trace, a kept move lowers it by the score
     * before minus the score after; padding moves count by dead-code kind.
     */
    static List<FamilyDrop> scoreDrops(List<AttackRun> runs) {
        Map<String, double[]> drops = new LinkedHashMap<>();
        Map<String, Integer> lowered = new LinkedHashMap<>();
        for (AttackRun run : runs) {
            Map<String, Double> perFamily = new LinkedHashMap<>();
            double before = run.originalScore();
            for (GreedyAttack.Step step : run.steps()) {
                String family = step.phase().equals("transformation") ? step.move() : "padding:" + step.move().split("-", 2)[0];
                perFamily.merge(family, step.kept() ? before - step.score() : 0.0, Double::sum);
                before = step.score();
            }
            perFamily.forEach((family, drop) -> {
                drops.computeIfAbsent(family, f -> new double[1])[0] += drop;
                lowered.merge(family, drop > 0 ? 1 : 0, Integer::sum);
            });
        }
        return drops.entrySet().stream().map(e -> new FamilyDrop(e.getKey(), runs.isEmpty() ? 0 : e.getValue()[0] / runs.size(),
                lowered.get(e.getKey()), runs.size())).toList();
    }

    static EvaluationConfig evaluationConfig() {
        EvaluationConfig defaults = EvaluationConfig.defaults();
        return new EvaluationConfig(StudyConfig.TARGET_FPRS, defaults.releasesPerDay(), defaults.maliciousPerDay(), defaults.sizeBuckets());
    }

    private static double rate(java.util.stream.DoubleStream scores, double threshold) {
        return Metrics.rateAtOrAbove(scores.toArray(), threshold);
    }

    private void log(String format, Object... args) {
        synchronized (progress) {
            progress.printf(Locale.ROOT, format + "%n", args);
            progress.flush();
        }
    }

    private static String sizes(List<FoldPlan> plans, java.util.function.Function<FoldPlan, List<Integer>> what) {
        return plans.stream().map(p -> String.valueOf(what.apply(p).size())).reduce((a, b) -> a + "/" + b).orElse("0");
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%s%%", new java.math.BigDecimal(Double.toString(100 * rate)).stripTrailingZeros().toPlainString());
    }

}
