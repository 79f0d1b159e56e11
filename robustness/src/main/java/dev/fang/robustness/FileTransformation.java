package dev.fang.robustness;

import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A transformation that rewrites Python files one at a time. A rewrite our own parser does not accept
 * cleanly is dropped and the file kept as it was: a last guard against producing broken code.
 */
abstract class FileTransformation implements Transformation {

    @Override
    public final PackageContents apply(PackageContents pkg, double probability, long seed) {
        List<SourceFile> out = new ArrayList<>(pkg.sources().size());
        PackageView view = new PackageView(pkg);
        for (SourceFile file : pkg.sources()) {
            out.add(PythonModule.isPython(file.path())
                    ? PythonModule.parse(file.path(), file.content())
                            .map(module -> rewritten(file, module, Chance.of(seed, name(), file.path(), probability), view))
                            .orElse(file)
                    : file);
        }
        return new PackageContents(pkg.name(), pkg.version(), pkg.paths(), out);
    }

    private SourceFile rewritten(SourceFile file, PythonModule module, Chance chance, PackageView pkg) {
        String text = rewrite(module, chance, pkg);
        if (text == null || text.equals(module.text())) {
            return file;
        }
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        return PythonModule.parse(file.path(), content).isPresent() ? new SourceFile(file.path(), content) : file;
    }

    /** The new text of the module, or null to leave it unchanged. */
    abstract String rewrite(PythonModule module, Chance chance, PackageView pkg);
}
