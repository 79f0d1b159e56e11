package dev.fang.robustness;

import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import dev.fang.featurize.parser.PythonLexer;
import dev.fang.featurize.parser.PythonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/**
 * Payload relocation: a module-level statement moves out of {@code setup.py} or a package module into a new
 * module next to it, and an import of that module takes its place, so it still runs once, at the same moment,
 * with the same names.
 *
 * <p>Applied only when all of this holds:
 * <ul>
 *   <li>the file is {@code setup.py} in a package without {@code pyproject.toml} (pip then builds with
 *       setuptools' legacy backend, which puts the directory of {@code setup.py} on {@code sys.path}, as
 *       {@code python setup.py} does), or a module in a directory with {@code __init__.py} that never
 *       mentions {@code __main__} (a relative import fails in a file run as a script);</li>
 *   <li>the file has no star import and never uses {@code exec}, {@code eval}, {@code globals},
 *       {@code locals}, {@code vars} or {@code __builtins__} (names could appear in its namespace unseen);</li>
 *   <li>the statement is not a definition or import, binds no name (lambda parameters and comprehension
 *       variables aside), has no {@code return}, {@code yield}, {@code await}, {@code global},
 *       {@code nonlocal} or dunder name other than {@code __import__};</li>
 *   <li>every other name it reads is either bound in the file only by module-level imports before the
 *       statement (copied into the new module) or not bound in the file at all (a builtin).</li>
 * </ul>
 */
final class PayloadRelocation implements Transformation {
    static final String NAME = "relocate";

    private static final Set<String> DYNAMIC = Set.of("exec", "eval", "globals", "locals", "vars", "__builtins__");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PackageContents apply(PackageContents pkg, double probability, long seed) {
        boolean hasPyproject = pkg.paths().stream().anyMatch(path -> path.equals("pyproject.toml") || path.endsWith("/pyproject.toml"));
        Set<String> packageDirs = new HashSet<>();
        pkg.paths().stream().filter(path -> path.equals("__init__.py") || path.endsWith("/__init__.py"))
                .forEach(path -> packageDirs.add(PythonModule.directoryOf(path)));
        Set<String> fileStems = PythonModule.fileStems(pkg.paths());

        List<String> paths = new ArrayList<>(pkg.paths());
        List<SourceFile> sources = new ArrayList<>();
        List<SourceFile> added = new ArrayList<>();
        for (SourceFile file : pkg.sources()) {
            boolean setupPy = Padding.isSetupPy(file.path());
            boolean packageModule = !setupPy && PythonModule.isPython(file.path()) && packageDirs.contains(PythonModule.directoryOf(file.path()));
            Optional<PythonModule> parsed = (setupPy && !hasPyproject) || packageModule
                    ? PythonModule.parse(file.path(), file.content()) : Optional.empty();
            if (parsed.isEmpty() || packageModule && parsed.get().text().contains("__main__")) {
                sources.add(file);
                continue;
            }
            Chance chance = Chance.of(seed, NAME, file.path(), probability);
            sources.add(relocate(parsed.get(), setupPy, chance, fileStems, added));
        }
        added.forEach(file -> paths.add(file.path()));
        sources.addAll(added);
        return new PackageContents(pkg.name(), pkg.version(), paths, sources);
    }

    private static SourceFile relocate(PythonModule module, boolean setupPy, Chance chance, Set<String> taken, List<SourceFile> added) {
        PythonParser.File_inputContext tree = module.tree();
        Set<String> fileNames = Syntax.allNames(tree);
        if (fileNames.stream().anyMatch(DYNAMIC::contains) || Syntax.hasStarImport(tree)) {
            return new SourceFile(module.path(), module.text().getBytes(StandardCharsets.UTF_8));
        }
        List<PythonParser.StmtContext> statements = tree.stmt();
        Set<PythonParser.StmtContext> imports = new HashSet<>();
        statements.stream().filter(PayloadRelocation::isImport).forEach(imports::add);
        // How many module-level statements (imports aside) bind each name, to ask "bound by another one?" cheaply.
        Map<PythonParser.StmtContext, Set<String>> bindings = new java.util.HashMap<>();
        Map<String, Integer> bindingStatements = new java.util.HashMap<>();
        for (PythonParser.StmtContext statement : statements) {
            if (!imports.contains(statement)) {
                Set<String> bound = Syntax.boundNames(statement);
                bindings.put(statement, bound);
                bound.forEach(name -> bindingStatements.merge(name, 1, Integer::sum));
            }
        }
        Map<String, String> importedSoFar = new LinkedHashMap<>();
        Edits edits = new Edits();
        for (PythonParser.StmtContext statement : statements) {
            if (imports.contains(statement)) {
                importsOf(statement, importedSoFar);
                continue;
            }
            if (!chance.take()) {
                continue;
            }
            Set<String> own = bindings.get(statement);
            Optional<List<String>> needed = neededImports(statement, importedSoFar,
                    name -> bindingStatements.getOrDefault(name, 0) > (own.contains(name) ? 1 : 0));
            if (needed.isPresent()) {
                String newModule = chance.identifier(taken);
                taken.add(newModule);
                int start = module.text().lastIndexOf('\n', module.start(statement) - 1) + 1;
                int end = lineEnd(module, statement);
                String moved = module.text().substring(start, end);
                StringBuilder content = new StringBuilder();
                needed.get().forEach(line -> content.append(line).append('\n'));
                content.append(moved.endsWith("\n") ? moved : moved + "\n");
                added.add(new SourceFile(PythonModule.directoryOf(module.path()) + newModule + ".py", content.toString().getBytes(StandardCharsets.UTF_8)));
                edits.replace(start, end, (setupPy ? "import " : "from . import ") + newModule + (moved.endsWith("\n") ? "\n" : ""));
            }
        }
        return new SourceFile(module.path(), edits.applyTo(module.text()).getBytes(StandardCharsets.UTF_8));
    }

    /** The import lines the statement needs in a module of its own, or empty if it cannot move. */
    private static Optional<List<String>> neededImports(PythonParser.StmtContext statement, Map<String, String> imported,
                                                        java.util.function.Predicate<String> boundElsewhere) {
        if (statement.simple_stmts() != null && statement.simple_stmts().simple_stmt().stream().anyMatch(Syntax::isBareString)) {
            return Optional.empty(); // a docstring: moving it would change __doc__
        }
        if (statement.compound_stmt() != null && (statement.compound_stmt().function_def() != null
                || statement.compound_stmt().class_def() != null || statement.compound_stmt().decorated() != null)) {
            return Optional.empty();
        }
        List<Token> tokens = new ArrayList<>();
        collectTokens(statement, tokens);
        for (Token token : tokens) {
            int type = token.getType();
            String text = token.getText();
            if (type == PythonLexer.RETURN || type == PythonLexer.YIELD || type == PythonLexer.AWAIT || type == PythonLexer.GLOBAL
                    || type == PythonLexer.NONLOCAL || type == PythonLexer.IMPORT || type == PythonLexer.COLONEQUAL
                    || PythonModule.isName(token) && text.startsWith("__") && text.endsWith("__") && !text.equals("__import__")) {
                return Optional.empty();
            }
        }
        Set<String> internal = Syntax.boundNames(statement);
        Set<String> ownScopes = Syntax.boundNames(statement, node -> node instanceof PythonParser.LambdefContext || node instanceof PythonParser.Comp_clauseContext);
        if (!ownScopes.isEmpty() || internal.stream().anyMatch(name -> boundElsewhere.test(name) || imported.containsKey(name) || PythonNames.reserved(name))) {
            return Optional.empty();
        }
        List<PythonParser.NameAtomContext> atoms = new ArrayList<>();
        Syntax.collect(statement, PythonParser.NameAtomContext.class, atoms);
        List<String> lines = new ArrayList<>();
        for (PythonParser.NameAtomContext atom : atoms) {
            String name = atom.getText();
            if (internal.contains(name)) {
                continue;
            }
            if (boundElsewhere.test(name)) {
                return Optional.empty();
            }
            String line = imported.get(name);
            if (line != null && !lines.contains(line)) {
                lines.add(line);
            }
        }
        return Optional.of(lines);
    }

    private static boolean isImport(PythonParser.StmtContext statement) {
        return statement.simple_stmts() != null && statement.simple_stmts().simple_stmt().stream().allMatch(s -> s.import_stmt() != null);
    }

    /** Records, for each name a module-level import binds, an import line binding just that name. */
    private static void importsOf(PythonParser.StmtContext statement, Map<String, String> out) {
        for (PythonParser.Simple_stmtContext simple : statement.simple_stmts().simple_stmt()) {
            PythonParser.Import_stmtContext stmt = simple.import_stmt();
            if (stmt.import_name() != null) {
                for (PythonParser.Dotted_as_nameContext imported : stmt.import_name().dotted_as_name()) {
                    String bound = imported.name() != null ? imported.name().getText() : imported.dotted_name().name(0).getText();
                    String module = imported.dotted_name().getText();
                    out.put(bound, "import " + module + (imported.name() != null ? " as " + bound : ""));
                }
            } else if (stmt.import_from().import_targets().STAR() == null) {
                PythonParser.Import_fromContext from = stmt.import_from();
                StringBuilder source = new StringBuilder();
                from.relative_dots().forEach(dots -> source.append(dots.getText()));
                if (from.dotted_name() != null) {
                    source.append(from.dotted_name().getText());
                }
                for (PythonParser.Import_as_nameContext imported : from.import_targets().import_as_name()) {
                    String bound = imported.name(imported.name().size() - 1).getText();
                    String name = imported.name(0).getText();
                    out.put(bound, "from " + source + " import " + name + (imported.name().size() > 1 ? " as " + bound : ""));
                }
            }
        }
    }

    private static void collectTokens(org.antlr.v4.runtime.tree.ParseTree node, List<Token> out) {
        Syntax.walk(node, n -> {
            if (n instanceof org.antlr.v4.runtime.tree.TerminalNode terminal) {
                out.add(terminal.getSymbol());
            }
            return true;
        });
    }

    /** Offset just after the line holding the statement's last real token (a block ends with synthetic ones). */
    private static int lineEnd(PythonModule module, PythonParser.StmtContext statement) {
        List<Token> tokens = new ArrayList<>();
        collectTokens(statement, tokens);
        int end = module.start(statement);
        for (Token token : tokens) {
            int type = token.getType();
            if (type != PythonLexer.NEWLINE && type != PythonLexer.INDENT && type != PythonLexer.DEDENT) {
                end = Math.max(end, module.end(token));
            }
        }
        int newline = module.text().indexOf('\n', end);
        return newline < 0 ? module.text().length() : newline + 1;
    }
}
