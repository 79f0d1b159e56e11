package dev.fang.robustness;

import dev.fang.archive.ArchiveLimits;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class Fixtures {
    private Fixtures() {
    }

    /** A package of the given files, path then text, in that order. */
    static PackageContents pkg(String... pathsAndTexts) {
        List<SourceFile> sources = new ArrayList<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            sources.add(new SourceFile(pathsAndTexts[i], pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return new PackageContents("fixture", "1.0", sources.stream().map(SourceFile::path).toList(), sources);
    }

    static String text(PackageContents pkg, String path) {
        return pkg.sources().stream().filter(f -> f.path().equals(path)).findFirst()
                .map(f -> new String(f.content(), StandardCharsets.UTF_8)).orElseThrow();
    }

    static Map<String, String> texts(PackageContents pkg) {
        Map<String, String> out = new LinkedHashMap<>();
        pkg.sources().forEach(f -> out.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));
        return out;
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static PackageFiles load(String resourceDir) throws Exception {
        return PackageFiles.read(resource(resourceDir), ArchiveLimits.defaults());
    }
}
