package dev.fang.robustness;

import dev.fang.featurize.parser.PyLiterals;
import dev.fang.featurize.parser.PythonLexer;
import dev.fang.featurize.parser.PythonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Data obfuscation: string and bytes literals become expressions that compute them (see {@link StringEncoder}).
 * Left alone: docstrings and other bare string statements, f-strings and everything inside them, implicitly
 * concatenated literals, annotations and parameter lists (forward references), literals with {@code \N{...}}
 * escapes, and literals longer than {@value #MAX_CHARS} characters.
 */
final class StringObfuscation extends FileTransformation {
    static final String NAME = "strings";
    private static final int MAX_CHARS = 2_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String rewrite(PythonModule module, Chance chance, PackageView pkg) {
        ModuleRefs refs = new ModuleRefs(module);
        Edits edits = new Edits();
        for (Literal literal : literals(module)) {
            if (chance.take()) {
                StringEncoder.anyOf(literal.constant(), chance, refs)
                        .ifPresent(expression -> edits.replace(module.start(literal.token()), module.end(literal.token()), expression));
            }
        }
        if (edits.isEmpty()) {
            return null;
        }
        refs.addImports(edits);
        return edits.applyTo(module.text());
    }

    record Literal(org.antlr.v4.runtime.Token token, StringEncoder.Constant constant) { }

    /** The literals that may be replaced by an expression, in file order. */
    static List<Literal> literals(PythonModule module) {
        List<PythonParser.StringAtomContext> atoms = new ArrayList<>();
        Syntax.collect(module.tree(), PythonParser.StringAtomContext.class, atoms);
        List<Literal> out = new ArrayList<>();
        for (PythonParser.StringAtomContext atom : atoms) {
            PythonParser.StringsContext strings = atom.strings();
            if (strings.getChildCount() != 1 || !(strings.getChild(0) instanceof TerminalNode terminal)
                    || terminal.getSymbol().getType() != PythonLexer.STRING || !replaceable(atom)) {
                continue;
            }
            constant(terminal.getText()).ifPresent(constant -> out.add(new Literal(terminal.getSymbol(), constant)));
        }
        return out;
    }

    private static boolean replaceable(PythonParser.StringAtomContext atom) {
        if (Syntax.hasAncestor(atom, PythonParser.FstringContext.class, PythonParser.AnnotationContext.class,
                PythonParser.ParameterContext.class, PythonParser.Star_annotationContext.class)) {
            return false;
        }
        for (ParseTree node = atom; node.getParent() != null; node = node.getParent()) {
            if (node.getParent() instanceof PythonParser.Simple_stmtContext stmt) {
                return !Syntax.isBareString(stmt);
            }
            if (node.getParent() instanceof PythonParser.Function_defContext && !(node instanceof PythonParser.BlockContext)) {
                return false; // the return annotation
            }
        }
        return true;
    }

    static Optional<StringEncoder.Constant> constant(String token) {
        boolean raw = token.substring(0, Math.max(0, firstQuote(token))).toLowerCase(java.util.Locale.ROOT).contains("r");
        if (token.length() > MAX_CHARS || !raw && token.contains("\\N{")) {
            return Optional.empty();
        }
        PyLiterals.Literal literal = PyLiterals.decodeString(token);
        if (!literal.bytes() && !StandardCharsets.UTF_8.newEncoder().canEncode(literal.value())) {
            return Optional.empty(); // a lone surrogate: Python can hold it, UTF-8 cannot carry it
        }
        return Optional.of(new StringEncoder.Constant(literal.value(), literal.bytes()));
    }

    private static int firstQuote(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '\'' || token.charAt(i) == '"') {
                return i;
            }
        }
        return -1;
    }
}
