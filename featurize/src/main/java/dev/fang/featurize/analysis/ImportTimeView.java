package dev.fang.featurize.analysis;

import dev.fang.featurize.parser.ParsedFile;
import dev.fang.featurize.parser.PythonLexer;
import dev.fang.featurize.parser.PythonParser.BlockContext;
import dev.fang.featurize.parser.PythonParser.Class_defContext;
import dev.fang.featurize.parser.PythonParser.DecoratedContext;
import dev.fang.featurize.parser.PythonParser.DecoratorContext;
import dev.fang.featurize.parser.PythonParser.Function_defContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * What of a module runs when it is imported: everything but the bodies of functions that running code never
 * names. A setup script that imports its own package to read {@code __version__} runs that package's module-level
 * code at install time, not the network client its functions define; a payload moved into an imported module
 * runs there at module level, or in a function that running code names (calls, hands to {@code atexit} or a
 * thread, decorates with anything but the standard inert decorators), or in a method of a class it names.
 */
final class ImportTimeView {

    /**
     * Rounds of "a kept function names another": a chain of calls longer than this from module level is left
     * out, which bounds the work on hostile files with thousands of functions.
     */
    static final int MAX_CALL_DEPTH = 4;

    /** Decorators that only wrap or describe a function and never call it while the module is imported. */
    private static final Set<String> INERT_DECORATORS = Set.of("property", "staticmethod", "classmethod", "setter",
            "getter", "deleter", "abstractmethod", "abstractproperty", "cached_property", "wraps", "overload",
            "lru_cache", "cache", "override", "final");

    /**
     * A function definition: its name, its class if it is a method, and the lines of its body. A function with
     * an active decorator counts as named.
     */
    private record Def(String name, String owner, boolean decorated, int firstLine, int lastLine) {
        boolean namedIn(Set<String> named) {
            return decorated || named.contains(name) || owner != null && named.contains(owner);
        }
    }

    private ImportTimeView() {
    }

    /** The analysis restricted to the lines that run on import. */
    static ModuleAnalysis of(ModuleAnalysis analysis) {
        IntPredicate runs = runningLines(analysis.parsed());
        return new ModuleAnalysis(analysis.parsed(),
                analysis.apiUses().stream().filter(u -> runs.test(u.line())).toList(),
                analysis.strings().stream().filter(s -> runs.test(s.line())).toList(),
                analysis.classes().stream().filter(c -> runs.test(c.line())).toList(),
                analysis.payloads().stream().filter(p -> runs.test(p.line())).toList(),
                analysis.encodedTexts().stream().filter(t -> runs.test(t.line())).toList(),
                analysis.imports(), analysis.flowSites().stream().filter(f -> runs.test(f.line())).toList(),
                analysis.constants(), analysis.truncated());
    }

    /** True for a line outside the body of every function that running code does not name. */
    static IntPredicate runningLines(ParsedFile parsed) {
        Set<Integer> defNames = new HashSet<>();
        List<Def> skipped = functions(parsed, defNames);
        int lines = 1;
        for (Def f : skipped) {
            lines = Math.max(lines, f.lastLine());
        }
        boolean[] skippedLine = new boolean[lines + 1];
        skipped.removeIf(f -> f.namedIn(Set.of()));
        for (int round = 0; ; round++) {
            Arrays.fill(skippedLine, false);
            for (Def f : skipped) {
                if (f.firstLine() >= 0 && f.firstLine() <= f.lastLine()) {
                    Arrays.fill(skippedLine, f.firstLine(), f.lastLine() + 1, true);
                }
            }
            if (round == MAX_CALL_DEPTH || skipped.isEmpty()) {
                break;
            }
            Set<String> named = namesOnRunningLines(parsed.tokens(), skippedLine, defNames);
            if (!skipped.removeIf(f -> f.namedIn(named))) {
                break;
            }
        }
        return line -> line < 0 || line >= skippedLine.length || !skippedLine[line];
    }

    private static Set<String> namesOnRunningLines(List<Token> tokens, boolean[] skippedLine, Set<Integer> defNames) {
        Set<String> named = new HashSet<>();
        for (Token t : tokens) {
            int type = t.getType();
            boolean nameLike = type == PythonLexer.NAME || type == PythonLexer.MATCH || type == PythonLexer.CASE
                    || type == PythonLexer.TYPE || type == PythonLexer.UNDERSCORE;
            int line = t.getLine();
            boolean running = line < 0 || line >= skippedLine.length || !skippedLine[line];
            if (nameLike && running && t.getChannel() == Token.DEFAULT_CHANNEL && !defNames.contains(t.getTokenIndex())) {
                named.add(t.getText());
            }
        }
        return named;
    }

    /** A tree node with the name of the class whose body holds it (null outside classes). */
    private record InClass(ParseTree node, String owner) { }

    /**
     * Every function definition with a body, nested ones included (walked without recursion: trees can be deep);
     * adds the tokens naming the functions and classes defined, which do not count as naming them.
     */
    private static List<Def> functions(ParsedFile parsed, Set<Integer> defNames) {
        List<Def> out = new ArrayList<>();
        Deque<InClass> todo = new ArrayDeque<>();
        todo.push(new InClass(parsed.tree(), null));
        while (!todo.isEmpty()) {
            InClass item = todo.pop();
            ParseTree node = item.node();
            String owner = item.owner();
            if (node instanceof Function_defContext f && f.name() != null && f.block() != null
                    && f.block().getStop() != null) {
                out.add(new Def(f.name().getText(), owner, activelyDecorated(f), firstBodyLine(f.block()),
                        lastBodyLine(f.block())));
                defNames.add(f.name().getStart().getTokenIndex());
                owner = null;
            } else if (node instanceof Class_defContext k && k.name() != null) {
                owner = k.name().getText();
                defNames.add(k.name().getStart().getTokenIndex());
            }
            for (int i = node.getChildCount() - 1; i >= 0; i--) {
                if (node.getChild(i) instanceof ParserRuleContext child) {
                    todo.push(new InClass(child, owner));
                }
            }
        }
        return out;
    }

    /** The body's first statement line: an indented block starts with the NEWLINE ending the {@code def} line. */
    private static int firstBodyLine(BlockContext block) {
        if (block.getChildCount() > 2 && block.getChild(0) instanceof TerminalNode
                && block.getChild(2) instanceof ParserRuleContext first && first.getStart() != null) {
            return first.getStart().getLine();
        }
        return block.getStart().getLine();
    }

    /** The body's last statement line: an indented block ends with a DEDENT on the line of what follows. */
    private static int lastBodyLine(BlockContext block) {
        for (int i = block.getChildCount() - 1; i >= 0; i--) {
            if (block.getChild(i) instanceof ParserRuleContext last && last.getStop() != null) {
                return last.getStop().getLine();
            }
        }
        return block.getStop().getLine();
    }

    private static boolean activelyDecorated(Function_defContext f) {
        if (!(f.getParent() instanceof DecoratedContext decorated)) {
            return false;
        }
        for (DecoratorContext d : decorated.decorator()) {
            String text = d.getText().substring(1);
            int call = text.indexOf('(');
            String callee = call >= 0 ? text.substring(0, call) : text;
            String last = callee.substring(callee.lastIndexOf('.') + 1).trim();
            if (!INERT_DECORATORS.contains(last)) {
                return true;
            }
        }
        return false;
    }
}
