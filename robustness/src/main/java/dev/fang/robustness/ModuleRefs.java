package dev.fang.robustness;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * How rewritten code in one file may refer to a standard module or a builtin. A module is imported at the top
 * of the file ({@code import base64}) when its name is used nowhere in the file and there is a safe place for
 * the import; otherwise the code says {@code __import__('base64')}. A builtin is usable only if the file never
 * binds its name and has no star import.
 */
final class ModuleRefs {
    private final Set<String> namesInFile;
    private final Set<String> boundInFile;
    private final boolean starImport;
    private final Optional<Integer> importSite;
    private final Set<String> imports = new LinkedHashSet<>();

    ModuleRefs(PythonModule module) {
        this.namesInFile = Syntax.allNames(module.tree());
        this.boundInFile = Syntax.boundNames(module.tree());
        this.importSite = module.importSite();
        this.starImport = Syntax.hasStarImport(module.tree());
    }

    boolean builtin(String name) {
        return !starImport && !boundInFile.contains(name);
    }

    /** An expression for the module, or empty if neither form is safe here. */
    Optional<String> module(String name) {
        if (importSite.isPresent() && (imports.contains(name) || !namesInFile.contains(name))) {
            imports.add(name);
            return Optional.of(name);
        }
        return builtin("__import__") ? Optional.of("__import__(" + PyRepr.str(name) + ")") : Optional.empty();
    }

    /** Adds the import statements the rewritten code needs. */
    void addImports(Edits edits) {
        if (!imports.isEmpty()) {
            StringBuilder lines = new StringBuilder();
            imports.forEach(name -> lines.append("import ").append(name).append('\n'));
            edits.insert(importSite.orElseThrow(), lines.toString());
        }
    }
}
