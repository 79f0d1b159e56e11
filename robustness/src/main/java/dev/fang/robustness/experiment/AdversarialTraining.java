package dev.fang.robustness.experiment;

import dev.fang.robustness.experiment.AdversarialExamples.AttackRun;
import dev.fang.robustness.experiment.AdversarialExamples.Target;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.PackageSource;
import dev.fang.training.model.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Adversarial training for {@code fang train --adversarial}, the robustness study's recipe applied to every model the
 * trainer makes: a seeded sample of the training part's malware is attacked with the greedy attack against the model
 * trained on that part; the most evasive p% (lowest score after the attack) are added with label 1, and as many of the
 * part's benign packages, obfuscated with every transformation, with label 0. The samples are the study's (same seed,
 * same purposes), so with the study's seed the fold models' attacks come from its cache.
 */
public final class AdversarialTraining implements Trainer.Augmentation {
    private final AdversarialExamples examples;
    private final int sample;
    private final int percent;
    private final long seed;
    private final int threads;
    private final PrintStream progress;
    private final AdversarialExamples.Tally tally = new AdversarialExamples.Tally();

    /**
     * @param space     the feature space the trainer's dataset was built in (its featurizer makes the added vectors)
     * @param packages  how to read each dataset row's package again, by row id; rows without one are never sampled
     * @param cacheDir  where attacks and obfuscations are kept between runs (null: nowhere)
     * @param sample    training malware attacked per training part
     * @param percent   share of the attacked sample added, most evasive first
     * @param threads   attacks and obfuscations run at once
     */
    public AdversarialTraining(FeatureSpace space, Map<String, PackageSource.Loader> packages, Path cacheDir, long seed, int sample,
                               int percent, double obfuscationProbability, int threads, PrintStream progress) {
        if (sample < 1 || percent < 1 || percent > 100 || threads < 1) {
            throw new IllegalArgumentException("adversarial training needs a sample of at least 1, a percentage within 1..100 and a thread");
        }
        this.examples = new AdversarialExamples(space, Map.copyOf(packages), new ResultCache(cacheDir), seed, obfuscationProbability, tally);
        this.sample = sample;
        this.percent = percent;
        this.seed = seed;
        this.threads = threads;
        this.progress = progress;
    }

    @Override
    public Rows rowsFor(Dataset data, int[] trainRows, String model, String part) {
        long start = System.nanoTime();
        List<Integer> malware = new ArrayList<>();
        List<Integer> benign = new ArrayList<>();
        for (int row : trainRows) {
            if (examples.readable(data, row)) {
                (data.rows().get(row).label() == 1 ? malware : benign).add(row);
            }
        }
        Target target = examples.target(model, data.featureNames());
        List<Integer> attacked = examples.sample(data, malware, sample, AdversarialExamples.MALWARE_PURPOSE);
        int before = tally.attacksRun.get();
        List<AttackRun> runs = inParallel(attacked.size(), i -> examples.attack(data, target, attacked.get(i)));
        int count = AdversarialExamples.adversarialCount(percent, (int) runs.stream().filter(run -> run != null).count());
        List<Integer> benignPool = examples.sample(data, benign, count, AdversarialExamples.BENIGN_PURPOSE);
        List<double[]> obfuscated = inParallel(benignPool.size(), i -> examples.obfuscate(data, benignPool.get(i)));
        Set<Integer> training = IntStream.of(trainRows).boxed().collect(Collectors.toSet());
        AdversarialExamples.Added added = examples.added(data, training, percent, attacked, runs, benignPool, obfuscated);
        synchronized (progress) {
            progress.printf(Locale.ROOT, "  %s: %d training malware attacked against %s (%d from the cache), %d adversarial and %d obfuscated benign rows added, %.0f s%n",
                    part, attacked.size(), target.id(), attacked.size() - (tally.attacksRun.get() - before), added.malware().size(),
                    added.benign().size(), (System.nanoTime() - start) / 1e9);
            progress.flush();
        }
        return added.rows();
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "adversarial training: per training part, %d malware packages (seeded sample, seed %d) attacked with the"
                + " greedy attack against the model trained on the part; the most evasive %d%% added with label 1, and as many of the part's"
                + " benign packages obfuscated with every transformation with label 0; then trained again", sample, seed, percent);
    }

    /** Packages that could not be attacked or obfuscated, so far: package id, tab, reason. */
    public List<String> skipped() {
        return tally.skippedSorted();
    }

    private <T> List<T> inParallel(int count, IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "fang-adversarial");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = IntStream.range(0, count).mapToObj(i -> pool.submit(() -> task.apply(i))).toList();
            List<T> results = new ArrayList<>(count);
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during adversarial training", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
