package dev.fang.featurize.features;

import java.util.List;
import java.util.Locale;

/**
 * A package as the featurizer sees it: the path of every regular file, and the content of the files it
 * reads (see {@link #isSource}). The same whether it came from a Kafka record, a local archive or a directory.
 */
public record PackageContents(String name, String version, List<String> paths, List<SourceFile> sources) {
    public PackageContents {
        paths = List.copyOf(paths);
        sources = List.copyOf(sources);
    }

    /** Python code and the build configuration that can declare build hooks. */
    public static boolean isSource(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        String fileName = lower.substring(lower.lastIndexOf('/') + 1);
        return lower.endsWith(".py") || lower.endsWith(".pyw") || fileName.equals("setup.cfg") || fileName.equals("pyproject.toml");
    }
}
