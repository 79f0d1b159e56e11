package dev.fang.featurize.analysis;

import java.util.List;

/**
 * An import statement that runs when the module runs (not inside a function), in the file as written.
 *
 * @param module the module as written: {@code a.b} for {@code import a.b} or {@code from a.b import c};
 *               relative imports keep their dots ({@code .}, {@code ..util})
 * @param names  the names a {@code from} import takes from it (each may be a submodule); empty otherwise
 * @param line   line of the statement
 */
public record ModuleImport(String module, List<String> names, int line) {
    public ModuleImport {
        names = List.copyOf(names);
    }
}
