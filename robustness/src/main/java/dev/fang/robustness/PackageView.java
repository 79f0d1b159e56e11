package dev.fang.robustness;

import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import dev.fang.featurize.parser.PythonParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Facts about the whole package that per-file rewrites need, each computed once per run. */
final class PackageView {
    private final PackageContents contents;
    private Map<String, Set<String>> fromImportsByFile;

    PackageView(PackageContents contents) {
        this.contents = contents;
    }

    /** Names other files take from some module with {@code from ... import NAME}. */
    Set<String> namesImportedOutside(String path) {
        if (fromImportsByFile == null) {
            fromImportsByFile = new LinkedHashMap<>();
            for (SourceFile file : contents.sources()) {
                Set<String> names = new HashSet<>();
                if (PythonModule.isPython(file.path())) {
                    PythonModule.parse(file.path(), file.content()).ifPresent(module -> {
                        List<PythonParser.Import_as_nameContext> imported = new ArrayList<>();
                        Syntax.collect(module.tree(), PythonParser.Import_as_nameContext.class, imported);
                        imported.forEach(name -> names.add(name.name(0).getText()));
                    });
                }
                fromImportsByFile.put(file.path(), names);
            }
        }
        Set<String> out = new HashSet<>();
        fromImportsByFile.forEach((file, names) -> {
            if (!file.equals(path)) {
                out.addAll(names);
            }
        });
        return out;
    }
}
