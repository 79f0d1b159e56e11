package dev.fang.featurize.analysis;

import java.util.List;

/**
 * A class definition with its bases resolved like API names ({@code setuptools.command.install.install}),
 * which is how install hooks ({@code class Evil(install): def run(self): ...}) are recognised.
 *
 * @param methods names of the methods it defines
 */
public record ClassDef(String name, List<String> bases, List<String> methods, int line, int depth) {
    public ClassDef {
        bases = List.copyOf(bases);
        methods = List.copyOf(methods);
    }
}
