package dev.fang.robustness;

import dev.fang.featurize.features.ApiCatalogue;
import dev.fang.featurize.features.ApiGroup;
import dev.fang.featurize.parser.PythonParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API obfuscation: a call {@code os.system(x)} of a module imported as {@code import os}, or of a builtin such
 * as {@code exec(x)}, is written one of the ways in {@link ModuleForm} or {@link BuiltinForm}; the module and
 * attribute names in the new form are themselves obfuscated with the same probability.
 *
 * <p>Applied only where the name surely means the module or builtin: the module is bound in this file by
 * plain {@code import os} statements only (one of them at module level), a builtin is never bound in the
 * file, the file has no star import, and the call is not inside an f-string.
 */
final class ApiObfuscation extends FileTransformation {
    static final String NAME = "api";

    /** Builtins whose calls are rewritten: the ones that run code, read files or print. */
    static final Set<String> BUILTINS = Set.of("exec", "eval", "compile", "open", "print", "input");

    /** The APIs our feature catalogue lists by exact name: functions and classes without a {@code __call__} of their own. */
    private static final Set<String> CATALOGUED = java.util.Arrays.stream(ApiGroup.values())
            .flatMap(group -> ApiCatalogue.names(group).stream()).filter(name -> !name.endsWith(".*"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String rewrite(PythonModule module, Chance chance, PackageView pkg) {
        Set<String> modules = plainModules(module.tree());
        ModuleRefs refs = new ModuleRefs(module);
        Edits edits = new Edits();
        List<PythonParser.PrimaryContext> primaries = new ArrayList<>();
        Syntax.collect(module.tree(), PythonParser.PrimaryContext.class, primaries);
        for (PythonParser.PrimaryContext primary : primaries) {
            List<PythonParser.TrailerContext> trailers = primary.trailer();
            if (!(primary.atom() instanceof PythonParser.NameAtomContext atom) || trailers.isEmpty()
                    || Syntax.hasAncestor(primary, PythonParser.FstringContext.class)) {
                continue;
            }
            String name = atom.getText();
            Names names = new Names(chance, refs);
            if (modules.contains(name) && trailers.size() >= 2
                    && trailers.get(0) instanceof PythonParser.AttributeTrailerContext attribute
                    && trailers.get(1) instanceof PythonParser.CallTrailerContext && chance.take()) {
                String function = attribute.name().getText();
                List<ModuleForm> forms = ModuleForm.usable(refs, CATALOGUED.contains(name + "." + function));
                edits.replace(module.start(atom), module.end(attribute), chance.pick(forms).write(name, function, names));
            } else if (BUILTINS.contains(name) && refs.builtin(name)
                    && trailers.get(0) instanceof PythonParser.CallTrailerContext && chance.take()) {
                edits.replace(module.start(atom), module.end(atom), chance.pick(BuiltinForm.usable(refs)).write(name, names));
            }
        }
        if (edits.isEmpty()) {
            return null;
        }
        refs.addImports(edits);
        return edits.applyTo(module.text());
    }

    /** Names bound in the file only by plain {@code import NAME} statements, one of them at module level. */
    static Set<String> plainModules(PythonParser.File_inputContext tree) {
        Set<String> topLevel = new HashSet<>();
        if (Syntax.hasStarImport(tree)) {
            return topLevel;
        }
        for (PythonParser.StmtContext stmt : tree.stmt()) {
            if (stmt.simple_stmts() != null) {
                for (PythonParser.Simple_stmtContext simple : stmt.simple_stmts().simple_stmt()) {
                    if (simple.import_stmt() != null && simple.import_stmt().import_name() != null) {
                        for (PythonParser.Dotted_as_nameContext imported : simple.import_stmt().import_name().dotted_as_name()) {
                            if (isPlain(imported)) {
                                topLevel.add(imported.getText());
                            }
                        }
                    }
                }
            }
        }
        Set<String> otherwiseBound = Syntax.boundNames(tree, node -> node instanceof PythonParser.Dotted_as_nameContext imported && isPlain(imported));
        topLevel.removeIf(otherwiseBound::contains);
        return topLevel;
    }

    static boolean isPlain(PythonParser.Dotted_as_nameContext imported) {
        return imported.name() == null && imported.dotted_name().name().size() == 1;
    }

    /** Writes the module and attribute names of a form, as plain literals or obfuscated ones. */
    static final class Names {
        private final Chance chance;
        private final ModuleRefs refs;

        Names(Chance chance, ModuleRefs refs) {
            this.chance = chance;
            this.refs = refs;
        }

        String literal(String name) {
            if (chance.take()) {
                Optional<String> obfuscated = StringEncoder.anyOf(new StringEncoder.Constant(name, false), chance, refs);
                if (obfuscated.isPresent()) {
                    return obfuscated.get();
                }
            }
            return PyRepr.str(name);
        }
    }
}
