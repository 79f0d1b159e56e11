package dev.fang.app;

import dev.fang.archive.SafeArchiveReader;
import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.features.Understanding;
import dev.fang.featurize.source.PackageLoader;
import dev.fang.platform.blob.Sha256;
import dev.fang.robustness.ObfuscatedCopies;
import dev.fang.training.dataset.BenignSlices;
import dev.fang.training.dataset.DatasetBuilder;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.dataset.DatasetSources;
import dev.fang.training.dataset.FeatureCache;
import dev.fang.training.dataset.MalwareCollection;
import dev.fang.training.dataset.PackageSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "dataset", description = "Datasets for training and evaluation.", subcommands = DatasetCommand.Build.class)
final class DatasetCommand {

    @Command(name = "build", description = {
            "Featurize the malicious collection and the benign corpus (data/fetch-benign) into a dataset directory,",
            "plus small slices of each Debian package and an obfuscated copy of every package and slice (training",
            "only: see BenignSlices, ObfuscatedCopies).",
            "Features are cached by package digest and catalogue version: a rebuild only featurizes new packages.",
            "--raw-tokens builds the seed-approach dataset (no resolution, no decoding) into data/work/dataset-raw",
            "by default, with its own cache entries."})
    static final class Build implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Mixin
        CorpusOptions corpus;

        @Option(names = "--out", paramLabel = "DIR", description = "Dataset directory to write; default: data/work/dataset, or data/work/dataset-raw with --raw-tokens.")
        Path out;

        @Option(names = "--raw-tokens", description = "Features on raw tokens only (the seed paper's approach): no alias resolution, no folding or decoding.")
        boolean rawTokens;

        @Option(names = "--cache", paramLabel = "DIR", defaultValue = "data/work/feature-cache", description = "Feature cache; default: ${DEFAULT-VALUE}.")
        Path cache;

        @Option(names = "--threads", paramLabel = "N", description = "Packages featurized in parallel (default: all cores).")
        Integer threads;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120", description = "Time limit per package; default: ${DEFAULT-VALUE}.")
        long timeoutSeconds;

        @Option(names = "--limit", paramLabel = "N", description = "At most N packages of each kind (for a quick run).")
        Integer limit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter console = spec.commandLine().getOut();
            // One reader policy for every kind, so no feature can tell the corpora apart by how they were read.
            PackageLoader loader = new PackageLoader(options.load().archiveLimits(), SafeArchiveReader.LinkPolicy.SKIP);
            Set<String> reserved = DatasetSources.reservedNames(corpus.datasets.resolve("benign-reserved.txt"));
            try (MalwareCollection registry = corpus.openRegistry()) {
                List<PackageSource> sources = new ArrayList<>();
                sources.addAll(limited(DatasetSources.malware(registry, loader)));
                List<PackageSource> debian = limitedPerKind(DatasetSources.debian(corpus.data, reserved, loader));
                sources.addAll(debian);
                sources.addAll(BenignSlices.of(debian));
                for (Path jar : graalpyJars(corpus.data)) {
                    sources.addAll(limited(DatasetSources.graalpy(jar, Sha256.of(jar), loader, options.load().archiveLimits())));
                }
                sources = ObfuscatedCopies.withCopies(sources);
                Understanding understanding = rawTokens ? Understanding.RAW_TOKENS : Understanding.FULL;
                Path target = out != null ? out : Path.of(rawTokens ? "data/work/dataset-raw" : "data/work/dataset");
                console.printf("featurizing %d packages (catalogue %s, %s) ...%n", sources.size(), FeatureCatalogue.VERSION, understanding.id());
                console.flush();
                int parallelism = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
                PackageFeaturizer featurizer = new PackageFeaturizer(PackageFeaturizer.Limits.defaults(), understanding);
                FeatureCache features = new FeatureCache(cache, FeatureCatalogue.VERSION, FeatureCatalogue.names(), understanding);
                DatasetBuilder.Result result = new DatasetBuilder(featurizer, features, Duration.ofSeconds(timeoutSeconds), parallelism, System.err)
                        .build(sources);
                result.dataset().write(target);
                Files.write(target.resolve("left-out.tsv"), result.failures());
                Map<String, Long> perKind = result.dataset().rows().stream().collect(Collectors.groupingBy(DatasetRow::kind, Collectors.counting()));
                console.printf("dataset %s: %d packages %s, %d features; %d featurized now, %d from cache; %d left out (see left-out.tsv)%n",
                        target, result.dataset().rows().size(), perKind, result.dataset().featureNames().size(), result.featurized(),
                        result.cached(), result.failures().size());
                return 0;
            }
        }

        /** The GraalPy jars {@code data/fetch-benign} downloaded, in name order. */
        static List<Path> graalpyJars(Path data) throws Exception {
            Path dir = data.resolve("cache").resolve("graalpy");
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
            }
        }

        private List<PackageSource> limited(List<PackageSource> sources) {
            return limit == null ? sources : sources.stream().limit(limit).toList();
        }

        private List<PackageSource> limitedPerKind(List<PackageSource> sources) {
            if (limit == null) {
                return sources;
            }
            return sources.stream().collect(Collectors.groupingBy(source -> source.row().kind(), java.util.LinkedHashMap::new, Collectors.toList()))
                    .values().stream().flatMap(kind -> kind.stream().limit(limit)).toList();
        }
    }
}
