package dev.fang.training.dataset;

import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.FeatureResult;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Featurizes many packages into a {@link Dataset}: in parallel, each package with a time limit, cached by
 * digest, with a progress line. A package that cannot be read or featurized is left out and reported; the
 * build goes on.
 */
public final class DatasetBuilder {
    /** What happened to the packages that are not in the dataset. */
    public record Result(Dataset dataset, List<String> failures, int cached, int featurized) {
    }

    private final PackageFeaturizer featurizer;
    private final FeatureCache cache;
    private final Duration timeout;
    private final int threads;
    private final PrintStream progress;

    public DatasetBuilder(PackageFeaturizer featurizer, FeatureCache cache, Duration timeout, int threads, PrintStream progress) {
        this.featurizer = featurizer;
        this.cache = cache;
        this.timeout = timeout;
        this.threads = threads;
        this.progress = progress;
    }

    public Result build(List<PackageSource> sources) throws InterruptedException {
        int features = FeatureCatalogue.size();
        List<DatasetRow> rows = new ArrayList<>();
        List<double[]> vectors = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        AtomicInteger cached = new AtomicInteger();
        AtomicInteger featurized = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "dataset-featurize");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<FeatureCache.Entry>> futures = new ArrayList<>();
            for (PackageSource source : sources) {
                futures.add(pool.submit(() -> featuresOf(source, features, cached, featurized)));
            }
            long start = System.nanoTime();
            for (int i = 0; i < sources.size(); i++) {
                PackageSource source = sources.get(i);
                try {
                    FeatureCache.Entry entry = futures.get(i).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    rows.add(withPythonBytes(source.row(), entry.pythonBytes()));
                    vectors.add(entry.values());
                } catch (TimeoutException e) {
                    futures.get(i).cancel(true);
                    failures.add(source.row().id() + "\ttook longer than " + timeout.toSeconds() + " s");
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    failures.add(source.row().id() + "\t" + (cause.getMessage() == null ? cause.toString() : cause.getMessage()).replace('\n', ' '));
                }
                showProgress(i + 1, sources.size(), failures.size(), start);
            }
        } finally {
            pool.shutdownNow();
        }
        progress.println();
        return new Result(Dataset.fromRows(FeatureCatalogue.VERSION, FeatureCatalogue.names(), rows, vectors),
                List.copyOf(failures), cached.get(), featurized.get());
    }

    private FeatureCache.Entry featuresOf(PackageSource source, int features, AtomicInteger cached, AtomicInteger featurized) throws Exception {
        String key = source.row().sha256();
        var hit = cache.get(key, features);
        if (hit.isPresent()) {
            cached.incrementAndGet();
            return hit.get();
        }
        PackageContents contents = source.loader().load();
        FeatureResult result = featurizer.featurize(contents);
        long pythonBytes = contents.sources().stream().filter(file -> file.path().endsWith(".py")).mapToLong(file -> file.content().length).sum();
        FeatureCache.Entry entry = new FeatureCache.Entry(result.values(), pythonBytes);
        cache.put(key, entry);
        featurized.incrementAndGet();
        return entry;
    }

    private static DatasetRow withPythonBytes(DatasetRow row, long pythonBytes) {
        return new DatasetRow(row.id(), row.label(), row.group(), row.kind(), row.category(), row.date(), row.sha256(), pythonBytes);
    }

    private void showProgress(int done, int total, int failed, long start) {
        if (done % 25 != 0 && done != total) {
            return;
        }
        int width = 30;
        int filled = (int) ((long) width * done / Math.max(1, total));
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.printf(Locale.ROOT, "\r[%s%s] %d/%d packages, %.1f/s, %d left out", "=".repeat(filled), " ".repeat(width - filled),
                done, total, done / Math.max(seconds, 1e-9), failed);
        progress.flush();
    }
}
