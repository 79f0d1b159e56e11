package dev.fang.featurize.features;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for packages in tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** A package from alternating path and content arguments; every path is listed, sources are those Fang reads. */
    static PackageContents pkg(String... pathThenContent) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pathThenContent.length; i += 2) {
            files.put(pathThenContent[i], pathThenContent[i + 1]);
        }
        return pkg(files);
    }

    static PackageContents pkg(Map<String, String> files) {
        List<String> paths = new ArrayList<>(files.keySet());
        List<SourceFile> sources = new ArrayList<>();
        files.forEach((p, c) -> {
            if (PackageContents.isSource(p)) {
                sources.add(new SourceFile(p, c.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return new PackageContents("demo", "1.0", paths, sources);
    }

    /** Same files under another root directory. */
    static Map<String, String> under(String root, Map<String, String> files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((p, c) -> out.put(root + p, c));
        return out;
    }

    static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
