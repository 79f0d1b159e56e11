package dev.fang.robustness.experiment;

import dev.fang.featurize.features.PackageContents;
import dev.fang.robustness.GreedyAttack;
import dev.fang.robustness.Transformations;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.dataset.PackageSource;
import dev.fang.training.model.Folds;
import dev.fang.training.model.Scorer;
import dev.fang.training.model.Trainer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What adversarial training is made of, for one feature space, as the robustness study and {@code fang train --adversarial}
 * both make it: seeded samples of a dataset's packages, the greedy attack of a package against a model, a package
 * obfuscated with every transformation, and the rows they add to a training part. Attacks and obfuscations are
 * cached per model, package digest and seed; packages are re-read through their loaders and never run.
 */
final class AdversarialExamples {
    static final String ADVERSARIAL_KIND = "adversarial";
    static final String OBFUSCATED_KIND = "obfuscated";
    static final String MALWARE_PURPOSE = "at-malware";
    static final String BENIGN_PURPOSE = "at-benign";

    /** A greedy attack's outcome as cached: scores, every step, and the adversarial package's feature vector. */
    record AttackRun(double originalScore, double finalScore, List<GreedyAttack.Step> steps, double[] adversarial, double seconds) {
    }

    /** A model attacks are made against; {@code id} keys the attack cache. */
    record Target(String id, Scorer scorer) {
    }

    /** Counts over every attack and what could not be read, obfuscated or attacked (package id, tab, reason). */
    static final class Tally {
        final AtomicInteger attacksRun = new AtomicInteger();
        final AtomicInteger attacksCached = new AtomicInteger();
        final AtomicLong attackNanos = new AtomicLong();
        final List<String> skipped = Collections.synchronizedList(new ArrayList<>());

        List<String> skippedSorted() {
            synchronized (skipped) {
                return skipped.stream().sorted().toList();
            }
        }
    }

    private final FeatureSpace space;
    private final Map<String, PackageSource.Loader> packages;
    private final ResultCache cache;
    private final long seed;
    private final double obfuscationProbability;
    private final Tally tally;

    AdversarialExamples(FeatureSpace space, Map<String, PackageSource.Loader> packages, ResultCache cache, long seed,
                        double obfuscationProbability, Tally tally) {
        this.space = space;
        this.packages = packages;
        this.cache = cache;
        this.seed = seed;
        this.obfuscationProbability = obfuscationProbability;
        this.tally = tally;
    }

    /** Whether a row is a real package that can be read again, so it can be attacked or obfuscated. */
    boolean readable(Dataset data, int row) {
        DatasetRow r = data.rows().get(row);
        return !r.derived() && packages.containsKey(r.id());
    }

    /**
     * The {@code size} rows whose package ids hash lowest for this purpose: a package stays in the sample whatever
     * other packages join or leave the dataset, so two catalogues, or the study and {@code fang train}, pick the same packages.
     */
    List<Integer> sample(Dataset data, List<Integer> rows, int size, String purpose) {
        Map<Integer, Long> hashOfRow = new HashMap<>();
        rows.forEach(row -> hashOfRow.put(row, Folds.hash(seed, purpose + "/" + data.rows().get(row).id())));
        List<Integer> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparingLong((Integer row) -> hashOfRow.get(row)).thenComparing(row -> data.rows().get(row).id()));
        return List.copyOf(ordered.subList(0, Math.min(size, ordered.size())));
    }

    /** A model of this space as an attack target. */
    Target target(String modelText, List<String> featureNames) {
        return new Target(space.name() + "-" + sha256(modelText).substring(0, 16), Scorer.of(modelText, featureNames));
    }

    /** The greedy attack of a row's package against a model; null (and recorded as skipped) when it cannot be done. */
    AttackRun attack(Dataset data, Target model, int row) {
        DatasetRow r = data.rows().get(row);
        String namespace = "attack-" + model.id();
        String key = r.sha256() + "-seed" + seed;
        var cached = cache.get(namespace, key, AttackRun.class);
        if (cached.isPresent()) {
            tally.attacksCached.incrementAndGet();
            return cached.get();
        }
        try {
            PackageContents pkg = packages.get(r.id()).load();
            long start = System.nanoTime();
            GreedyAttack.Result result = new GreedyAttack(p -> model.scorer().score(space.featurizer().apply(p)), seed).run(pkg);
            double[] adversarial = space.featurizer().apply(result.adversarial());
            long nanos = System.nanoTime() - start;
            AttackRun run = new AttackRun(result.originalScore(), result.finalScore(), result.steps(), adversarial, nanos / 1e9);
            cache.put(namespace, key, run);
            tally.attacksRun.incrementAndGet();
            tally.attackNanos.addAndGet(nanos);
            return run;
        } catch (Exception | StackOverflowError e) {
            tally.skipped.add(r.id() + "\tattack on " + model.id() + ": " + reason(e));
            return null;
        }
    }

    /** A row's package with every transformation applied, as a vector; null (and recorded as skipped) when it cannot be done. */
    double[] obfuscate(Dataset data, int row) {
        DatasetRow r = data.rows().get(row);
        String namespace = "obfuscated-" + space.name() + "-" + space.data().catalogueVersion();
        String key = r.sha256() + "-seed" + seed + "-p" + obfuscationProbability;
        var cached = cache.get(namespace, key, double[].class);
        if (cached.isPresent()) {
            return cached.get();
        }
        try {
            PackageContents obfuscated = Transformations.apply(packages.get(r.id()).load(), StudyConfig.obfuscations(),
                    obfuscationProbability, seed);
            double[] vector = space.featurizer().apply(obfuscated);
            cache.put(namespace, key, vector);
            return vector;
        } catch (Exception | StackOverflowError e) {
            tally.skipped.add(r.id() + "\tobfuscation: " + reason(e));
            return null;
        }
    }

    /** How many adversarial packages p% of {@code attacked} is: at least one whenever anything was attacked. */
    static int adversarialCount(int percent, int attacked) {
        return (int) Math.ceil(percent * attacked / 100.0);
    }

    /** The rows adversarial training adds, and the packages they came from. */
    record Added(Trainer.Augmentation.Rows rows, List<Integer> malware, List<Integer> benign) {
    }

    /**
     * The most evasive {@code percent}% of the attacked packages (lowest score after the attack) with label 1, and as
     * many obfuscated benign packages, in pool order, with label 0; each row in its package's group, so it stays on
     * that package's side of every split. Every source must be one of {@code trainingRows}.
     *
     * @param attacked     rows attacked, with {@code runs} their outcomes (null: not attacked)
     * @param benignPool   benign rows, with {@code obfuscated} their obfuscated vectors (null: could not be obfuscated)
     */
    Added added(Dataset data, Set<Integer> trainingRows, int percent, List<Integer> attacked, List<AttackRun> runs,
                List<Integer> benignPool, List<double[]> obfuscated) {
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i) != null) {
                done.add(i);
            }
        }
        done.sort(Comparator.comparingDouble((Integer i) -> runs.get(i).finalScore()).thenComparing(i -> data.rows().get(attacked.get(i)).id()));
        int count = adversarialCount(percent, done.size());
        List<DatasetRow> rows = new ArrayList<>();
        List<double[]> vectors = new ArrayList<>();
        List<Integer> malware = new ArrayList<>();
        for (int i : done.subList(0, count)) {
            malware.add(attacked.get(i));
            rows.add(derivedRow(data, trainingRows, attacked.get(i), ADVERSARIAL_KIND));
            vectors.add(space.learnable(runs.get(i).adversarial()));
        }
        List<Integer> benign = new ArrayList<>();
        for (int i = 0; i < benignPool.size() && benign.size() < count; i++) {
            if (obfuscated.get(i) != null) {
                benign.add(benignPool.get(i));
                rows.add(derivedRow(data, trainingRows, benignPool.get(i), OBFUSCATED_KIND));
                vectors.add(space.learnable(obfuscated.get(i)));
            }
        }
        return new Added(new Trainer.Augmentation.Rows(rows, vectors), malware, benign);
    }

    private static DatasetRow derivedRow(Dataset data, Set<Integer> trainingRows, int source, String kind) {
        DatasetRow r = data.rows().get(source);
        if (!trainingRows.contains(source)) {
            throw new IllegalStateException("adversarial training would use " + r.id() + ", which is not in its training part");
        }
        return new DatasetRow(kind + ":" + r.id(), r.label(), r.group(), kind, r.category(), r.date(), r.sha256() + ":" + kind, r.pythonBytes());
    }

    static String reason(Throwable e) {
        return (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' ');
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
