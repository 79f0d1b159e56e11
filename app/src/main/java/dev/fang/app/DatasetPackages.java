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

/** How to read a dataset's packages again, for the commands that attack or obfuscate them (read in memory, never run). */
final class DatasetPackages {
    private DatasetPackages() {
    }

    /**
     * A loader per dataset row id, from the same sources and with the same reader {@code fang dataset build} used; rows
     * whose package is no longer there (and derived rows) have none. The loaders read from {@code registry}, which must
     * stay open while they are used.
     *
     * @param benignRoot  the benign corpus root (with {@code cache/manifest.tsv})
     */
    static Map<String, PackageSource.Loader> of(Dataset rows, MalwareCollection registry, Path benignRoot, ArchiveLimits limits)
            throws Exception {
        PackageLoader loader = new PackageLoader(limits, SafeArchiveReader.LinkPolicy.SKIP);
        Set<String> wanted = rows.rows().stream().filter(row -> !row.derived()).map(DatasetRow::id).collect(Collectors.toSet());
        List<PackageSource> sources = new ArrayList<>(DatasetSources.malware(registry, loader));
        sources.addAll(DatasetSources.debian(benignRoot, Set.of(), loader));
        if (rows.rows().stream().anyMatch(row -> row.kind().equals("graalpy"))) {
            for (Path jar : DatasetCommand.Build.graalpyJars(benignRoot)) {
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

    /** The training malware collection in {@code datasets} (the shared datasets directory). */
    static MalwareCollection openRegistry(Path datasets) throws Exception {
        return MalwareCollection.open(datasets.resolve("malregistry-train.zip"), datasets.resolve("malregistry-train.csv"), "infected");
    }
}
