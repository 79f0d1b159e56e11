package dev.fang.training.dataset;

import dev.fang.archive.ArchiveLimits;
import dev.fang.archive.SafeArchiveReader;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import dev.fang.featurize.source.PackageLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where dataset packages come from: the malicious collection, and the benign corpus that
 * {@code data/fetch-benign} downloads (Debian binaries and source tarballs, GraalPy's bundled Python).
 * Names reserved for evaluation are never included.
 */
public final class DatasetSources {
    private static final String GRAALPY_LIBRARY = "META-INF/resources/libpython/";

    private DatasetSources() {
    }

    /** Every sample of the collection, grouped by campaign; samples are decrypted in memory when loaded. */
    public static List<PackageSource> malware(MalwareCollection registry, PackageLoader loader) {
        List<PackageSource> sources = new ArrayList<>();
        for (MalwareSample sample : registry.samples()) {
            DatasetRow row = new DatasetRow("mal:" + sample.path(), 1, "mal:" + sample.group(), "malregistry", sample.category(),
                    sample.added() == null ? "" : sample.added().toString(), sample.sha256(), 0);
            sources.add(new PackageSource(row, () -> loader.fromArchive(sample.name(), sample.version(), registry.read(sample))));
        }
        return sources;
    }

    /**
     * The Debian packages listed in {@code data/cache/manifest.tsv}, grouped by source package (a project's
     * binary and source tarball share a group), minus every reserved name.
     */
    public static List<PackageSource> debian(Path dataDir, Set<String> reserved, PackageLoader loader) throws IOException {
        List<PackageSource> sources = new ArrayList<>();
        List<String> lines = Files.readAllLines(dataDir.resolve("cache").resolve("manifest.tsv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            String kind = cells[0];
            String project = cells[1];
            String item = cells[2];
            if (!kind.startsWith("debian-") || reserved.contains(project) || reserved.contains(item)) {
                continue;
            }
            Path archive = dataDir.resolve(cells[4]);
            String id = (kind.equals("debian-source") ? "src:" : "deb:") + item;
            DatasetRow row = new DatasetRow(id, 0, "deb:" + project, kind, "", "", cells[5], 0);
            sources.add(new PackageSource(row, () -> loader.fromArchive(project, cells[3], archive)));
        }
        return sources;
    }

    /**
     * GraalPy's bundled Python: each top-level module of its standard library, and each bundled wheel (pip),
     * as a package of its own. Hard negatives: subprocess, sockets, exec and base64 everywhere, all benign.
     */
    public static List<PackageSource> graalpy(Path jar, String jarSha256, PackageLoader loader, ArchiveLimits limits) throws Exception {
        Map<String, List<String>> paths = new LinkedHashMap<>();
        Map<String, List<SourceFile>> files = new LinkedHashMap<>();
        Map<String, byte[]> wheels = new LinkedHashMap<>();
        new SafeArchiveReader(SafeArchiveReader.LinkPolicy.SKIP).read(jar, limits, (header, content) -> {
            String path = header.path();
            if (!path.startsWith(GRAALPY_LIBRARY)) {
                return;
            }
            String relative = path.substring(GRAALPY_LIBRARY.length());
            if (relative.endsWith(".whl")) {
                wheels.put(relative.substring(relative.lastIndexOf('/') + 1), content.readAllBytes());
                return;
            }
            String module = relative.contains("/") ? relative.substring(0, relative.indexOf('/')) : relative.replaceFirst("\\.py$", "");
            paths.computeIfAbsent(module, key -> new ArrayList<>()).add(relative);
            if (PackageContents.isSource(relative)) {
                files.computeIfAbsent(module, key -> new ArrayList<>()).add(new SourceFile(relative, content.readAllBytes()));
            }
        });
        List<PackageSource> sources = new ArrayList<>();
        paths.forEach((module, modulePaths) -> {
            PackageContents contents = new PackageContents(module, "", modulePaths, files.getOrDefault(module, List.of()));
            sources.add(new PackageSource(graalpyRow(module, jarSha256), () -> contents));
        });
        wheels.forEach((wheel, bytes) -> sources.add(new PackageSource(graalpyRow(wheel, jarSha256),
                () -> loader.fromArchive(wheel, "", bytes))));
        return sources;
    }

    private static DatasetRow graalpyRow(String name, String jarSha256) {
        String key = jarSha256 + ":" + name.replaceAll("[^A-Za-z0-9._-]", "_");
        return new DatasetRow("graalpy:" + name, 0, "graalpy:" + name, "graalpy", "", "", key, 0);
    }

    /** Source and binary names from {@code benign-reserved.txt} (SOURCE<TAB>BINARY lines, # comments). */
    public static Set<String> reservedNames(Path file) throws IOException {
        Set<String> names = new HashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            for (String name : line.split("\t")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        return names;
    }
}
