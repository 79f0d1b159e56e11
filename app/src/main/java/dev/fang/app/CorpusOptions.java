package dev.fang.app;

import dev.fang.archive.ArchiveLimits;
import dev.fang.archive.SafeArchiveReader;
import dev.fang.featurize.source.PackageLoader;
import dev.fang.platform.blob.Sha256;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.dataset.DatasetSources;
import dev.fang.training.dataset.MalwareCollection;
import dev.fang.training.dataset.PackageSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * Where the training packages are, for the commands that read them (dataset build, train with adversarial training,
 * robustness), and how to read a dataset's packages again (in memory, never run).
 */
final class CorpusOptions {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "Benign corpus root (with cache/manifest.tsv); default: ${DEFAULT-VALUE}.")
    Path data;

    @Option(names = "--datasets", paramLabel = "DIR", defaultValue = "../shared/datasets",
            description = "Malicious collection (malregistry-train.zip and .csv) and benign-reserved.txt; default: ${DEFAULT-VALUE}.")
    Path datasets;

    /**
     * A loader per dataset row id, from the same sources and with the same reader {@code fang dataset build} used; rows
     * whose package is no longer there (and derived rows) have none. The loaders read from {@code registry}, which must
     * stay open while they are used.
     */
    Map<String, PackageSource.Loader> packages(Dataset rows, MalwareCollection registry, ArchiveLimits limits) throws Exception {
        PackageLoader loader = new PackageLoader(limits, SafeArchiveReader.LinkPolicy.SKIP);
        Set<String> wanted = rows.rows().stream().filter(row -> !row.derived()).map(DatasetRow::id).collect(Collectors.toSet());
        List<PackageSource> sources = new ArrayList<>(DatasetSources.malware(registry, loader));
        sources.addAll(DatasetSources.debian(data, Set.of(), loader));
        if (rows.rows().stream().anyMatch(row -> row.kind().equals("graalpy"))) {
            for (Path jar : DatasetCommand.Build.graalpyJars(data)) {
                sources.addAll(DatasetSources.graalpy(jar, Sha256.of(jar), loader, limits));
            }
        }
        Map<String, PackageSource.Loader> packages = new HashMap<>();
        for (PackageSource source : sources) {
            if (wanted.contains(source.row().id())) {
                packages.put(source.row().id(), source.loader());
            }
        }
        return packages;
    }

    /** The training malware collection. */
    MalwareCollection openRegistry() throws Exception {
        return MalwareCollection.open(datasets.resolve("malregistry-train.zip"), datasets.resolve("malregistry-train.csv"), "infected");
    }
}
