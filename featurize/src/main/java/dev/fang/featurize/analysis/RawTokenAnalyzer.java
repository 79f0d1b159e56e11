package dev.fang.featurize.analysis;

import dev.fang.featurize.parser.ParsedFile;
import dev.fang.featurize.parser.PyLiterals;
import dev.fang.featurize.parser.PythonLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/**
 * The seed paper's view of a Python file (<i>One Detector Fits All</i>): lexer tokens only, no syntax tree, no
 * alias resolution, no decoding. It fills the same {@link ModuleAnalysis} as {@link ModuleAnalyzer}, so the same
 * features can be computed from it, and a model trained on both shows what understanding the code buys.
 *
 * <h2>APIs: dotted names as written</h2>
 * A reference is a run of tokens {@code NAME (. NAME)*} that does not follow a dot. Its first name is looked up
 * in the file's plain imports, collected over the whole file regardless of order (as regular expressions over
 * the text would):
 * <ul>
 *   <li>{@code import a.b} binds {@code a}: {@code a.b.f(x)} is {@code a.b.f}. {@code from m import n} binds
 *       {@code n} to {@code m.n}: {@code n(x)} is {@code m.n}; relative modules keep their dots. The first
 *       binding of a name wins.</li>
 *   <li>Nothing else binds: not {@code as} renames ({@code import os as o; o.system} stays unresolved), not
 *       {@code from m import *}, not assignments, {@code __import__}, {@code importlib}, {@code getattr},
 *       {@code __dict__}, {@code __getattribute__}, {@code globals()} or {@code __builtins__}; names are never
 *       computed from strings.</li>
 *   <li>An unbound first name that Python resolves in {@code builtins} gives {@code builtins.<name>}
 *       ({@code exec(x)}, {@code __import__('os')}, {@code getattr(m, n)}), unless the file defines a function or
 *       class of that name. Function parameters do not shadow builtins ({@code def f(open): open(p)} calls
 *       {@code builtins.open}): telling them apart takes the syntax tree.</li>
 *   <li>Any other dotted run keeps a {@code ?.} prefix without its first name ({@code s.connect(a)} is
 *       {@code ?.connect}), as {@link ModuleAnalyzer} reports unresolved receivers; a lone unbound name is not
 *       reported, nor are attributes of a call result or of a literal ({@code __import__('os').system}).</li>
 *   <li>Reported like {@link ModuleAnalyzer}: once per run, called when a {@code (} follows (with the keyword
 *       names written at the top level of its parentheses), not called otherwise. Not reported: names in import
 *       statements, names being defined ({@code def f}, {@code class C}), a lone name followed by {@code =}
 *       (an assignment target or keyword argument), and a lone name bound by {@code import a} (a module
 *       mention). No API use carries an {@link Obfuscation}: none of the detours is followed.</li>
 *   <li>Module level: not inside the block of a {@code def} (indentation tokens) nor after the colon of a
 *       one-line {@code def}. Lambda bodies count where they are written.</li>
 * </ul>
 *
 * <h2>Strings: literal tokens as written</h2>
 * Each string token is one {@link StringConstant}: the text between its quotes, escapes left as written
 * ({@code '\x68'} is four characters), adjacent literals not joined; each literal part of an f-string is one
 * constant. Nothing is folded or decoded, so no constant has transforms and there are no
 * {@link DecodedPayload}s.
 *
 * <h2>Classes</h2>
 * {@code class C(b1, b2):} gives a {@link ClassDef} whose bases are the dotted runs among its arguments,
 * resolved like API names, with the {@code def} names of its own indented block as methods. As in
 * {@link ModuleAnalyzer}, a class of the file is named as written and any other unbound lone name is
 * {@code ?:name} (so {@code class C(install)} without a plain import of {@code install} is no install hook).
 *
 * <p>Stateless and thread-safe; linear in the number of tokens.
 */
public final class RawTokenAnalyzer {

    private static final int MAX_RECORDS = ModuleAnalyzer.Limits.defaults().maxRecords();

    /** Analyses one parsed file; only its tokens are read. */
    public ModuleAnalysis analyze(ParsedFile parsed) {
        return new Walk(parsed).run();
    }

    /** Where the names of an import statement and a definition are bound. */
    private record Bindings(Map<String, String> imported, Set<String> moduleRoots, Set<String> defined) { }

    private enum BlockKind { FUNCTION, CLASS, OTHER }

    /** An indented block, with the class being defined when it is a class body. */
    private record Block(BlockKind kind, ClassBuilder owner) { }

    private static final class ClassBuilder {
        final String name;
        final List<String> bases;
        final int line;
        final List<String> methods = new ArrayList<>();

        ClassBuilder(String name, List<String> bases, int line) {
            this.name = name;
            this.bases = bases;
            this.line = line;
        }
    }

    /** An API use whose call has not yet been closed. */
    private static final class UseBuilder {
        final String api;
        final boolean call;
        final List<String> keywords = new ArrayList<>();
        final Token start;
        Token stop;
        final boolean moduleLevel;

        UseBuilder(String api, boolean call, Token start, Token stop, boolean moduleLevel) {
            this.api = api;
            this.call = call;
            this.start = start;
            this.stop = stop;
            this.moduleLevel = moduleLevel;
        }
    }

    /** An open bracket, with the call it belongs to (null when it is not a call's parenthesis). */
    private record Bracket(int type, UseBuilder call) { }

    private static final class Walk {
        private final ParsedFile parsed;
        private final List<Token> tokens = new ArrayList<>();
        private final List<UseBuilder> uses = new ArrayList<>();
        private final List<StringConstant> strings = new ArrayList<>();
        private final List<ClassBuilder> classes = new ArrayList<>();
        private boolean truncated;

        Walk(ParsedFile parsed) {
            this.parsed = parsed;
            for (Token t : parsed.tokens()) {
                if (t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != Token.EOF) {
                    tokens.add(t);
                }
            }
        }

        ModuleAnalysis run() {
            Bindings bindings = bindings();
            Deque<Block> blocks = new ArrayDeque<>();
            Deque<Bracket> brackets = new ArrayDeque<>();
            BlockKind header = BlockKind.OTHER;
            ClassBuilder headerClass = null;
            boolean inlineFunctionBody = false;
            int i = 0;
            while (i < tokens.size()) {
                Token t = tokens.get(i);
                int type = t.getType();
                if (statementStart(i)) {
                    if (type == PythonLexer.IMPORT || type == PythonLexer.FROM) {
                        i = endOfStatement(i);
                        continue;
                    }
                    header = headerKind(i);
                    headerClass = null;
                    if (header == BlockKind.CLASS) {
                        headerClass = classHeader(i, bindings);
                    } else if (header == BlockKind.FUNCTION && !blocks.isEmpty() && blocks.peek().owner() != null) {
                        Token name = nameAfterDef(i);
                        if (name != null) {
                            blocks.peek().owner().methods.add(name.getText());
                        }
                    }
                }
                switch (type) {
                    case PythonLexer.NEWLINE -> inlineFunctionBody = false;
                    case PythonLexer.INDENT -> blocks.push(new Block(header, headerClass));
                    case PythonLexer.DEDENT -> {
                        if (!blocks.isEmpty()) {
                            blocks.pop();
                        }
                    }
                    case PythonLexer.COLON -> {
                        if (brackets.isEmpty() && header == BlockKind.FUNCTION) {
                            inlineFunctionBody = true;
                        }
                    }
                    case PythonLexer.LPAR, PythonLexer.LSQB, PythonLexer.LBRACE -> brackets.push(new Bracket(type, null));
                    case PythonLexer.RPAR, PythonLexer.RSQB, PythonLexer.RBRACE -> {
                        Bracket open = brackets.poll();
                        if (open != null && open.call() != null) {
                            open.call().stop = t;
                        }
                    }
                    case PythonLexer.STRING -> string(t, PyLiterals.bodyAsWritten(t.getText()));
                    case PythonLexer.FSTRING_MIDDLE -> string(t, t.getText());
                    case PythonLexer.NAME -> {
                        boolean moduleLevel = !inlineFunctionBody && blocks.stream().noneMatch(b -> b.kind() == BlockKind.FUNCTION);
                        i = reference(i, bindings, brackets, moduleLevel);
                        continue;
                    }
                    default -> { }
                }
                i++;
            }
            return analysis();
        }

        private ModuleAnalysis analysis() {
            List<ApiUse> apiUses = new ArrayList<>(uses.size());
            for (UseBuilder u : uses) {
                apiUses.add(new ApiUse(u.api, Set.of(), u.call, u.keywords, u.start.getLine(), snippet(u.start, u.stop),
                        u.moduleLevel, 0));
            }
            List<ClassDef> classDefs = new ArrayList<>(classes.size());
            for (ClassBuilder c : classes) {
                classDefs.add(new ClassDef(c.name, c.bases, c.methods, c.line, 0));
            }
            return new ModuleAnalysis(parsed, apiUses, strings, classDefs, List.of(), truncated);
        }

        // ---- bindings ----------------------------------------------------------------------------------------

        /** Plain imports and defined names, over the whole file. */
        private Bindings bindings() {
            Map<String, String> imported = new HashMap<>();
            Set<String> moduleRoots = new HashSet<>();
            Set<String> defined = new HashSet<>();
            for (int i = 0; i < tokens.size(); i++) {
                int type = tokens.get(i).getType();
                if (type == PythonLexer.DEF || type == PythonLexer.CLASS) {
                    if (i + 1 < tokens.size() && tokens.get(i + 1).getType() == PythonLexer.NAME) {
                        defined.add(tokens.get(i + 1).getText());
                    }
                } else if (statementStart(i) && type == PythonLexer.IMPORT) {
                    importNames(i + 1, endOfStatement(i), imported, moduleRoots);
                } else if (statementStart(i) && type == PythonLexer.FROM) {
                    importFrom(i + 1, endOfStatement(i), imported);
                }
            }
            return new Bindings(imported, moduleRoots, defined);
        }

        /** {@code import a.b, c as d}: binds {@code a}; an {@code as} rename binds nothing. */
        private void importNames(int from, int end, Map<String, String> imported, Set<String> moduleRoots) {
            int i = from;
            while (i < end) {
                int stop = i;
                while (stop < end && tokens.get(stop).getType() != PythonLexer.COMMA) {
                    stop++;
                }
                boolean renamed = false;
                for (int k = i; k < stop; k++) {
                    renamed |= tokens.get(k).getType() == PythonLexer.AS;
                }
                if (!renamed && i < stop && tokens.get(i).getType() == PythonLexer.NAME) {
                    String root = tokens.get(i).getText();
                    imported.putIfAbsent(root, root);
                    moduleRoots.add(root);
                }
                i = stop + 1;
            }
        }

        /** {@code from .m import n, k as j}: binds {@code n} to {@code .m.n}; an {@code as} rename binds nothing. */
        private void importFrom(int from, int end, Map<String, String> imported) {
            StringBuilder module = new StringBuilder();
            int i = from;
            for (; i < end && tokens.get(i).getType() != PythonLexer.IMPORT; i++) {
                module.append(tokens.get(i).getText());   // dots, ellipses and names, as written
            }
            String prefix = module.length() == 0 || module.charAt(module.length() - 1) == '.' ? module.toString() : module + ".";
            for (i++; i < end; i++) {
                Token t = tokens.get(i);
                if (t.getType() != PythonLexer.NAME) {
                    continue;
                }
                boolean renamed = i + 1 < end && tokens.get(i + 1).getType() == PythonLexer.AS;
                boolean isRename = i > 0 && tokens.get(i - 1).getType() == PythonLexer.AS;
                if (!renamed && !isRename) {
                    imported.putIfAbsent(t.getText(), prefix + t.getText());
                }
            }
        }

        // ---- statements ------------------------------------------------------------------------------------------

        /** The first token of a statement: at the start, after a line break, an indentation change, {@code ;} or a one-line block's {@code :}. */
        private boolean statementStart(int i) {
            if (layout(tokens.get(i).getType())) {
                return false;
            }
            if (i == 0) {
                return true;
            }
            int prev = tokens.get(i - 1).getType();
            return layout(prev) || prev == PythonLexer.SEMI || (prev == PythonLexer.COLON && isImportKeyword(i));
        }

        private static boolean layout(int type) {
            return type == PythonLexer.NEWLINE || type == PythonLexer.INDENT || type == PythonLexer.DEDENT;
        }

        private boolean isImportKeyword(int i) {
            int type = tokens.get(i).getType();
            return type == PythonLexer.IMPORT || type == PythonLexer.FROM;
        }

        /** Index of the token ending the simple statement starting at {@code i} ({@code NEWLINE}, {@code ;} or the end). */
        private int endOfStatement(int i) {
            int k = i;
            while (k < tokens.size() && tokens.get(k).getType() != PythonLexer.NEWLINE && tokens.get(k).getType() != PythonLexer.SEMI) {
                k++;
            }
            return k;
        }

        private BlockKind headerKind(int i) {
            int type = tokens.get(i).getType();
            if (type == PythonLexer.ASYNC && i + 1 < tokens.size()) {
                type = tokens.get(i + 1).getType();
            }
            return type == PythonLexer.DEF ? BlockKind.FUNCTION : type == PythonLexer.CLASS ? BlockKind.CLASS : BlockKind.OTHER;
        }

        private Token nameAfterDef(int i) {
            int def = tokens.get(i).getType() == PythonLexer.ASYNC ? i + 1 : i;
            return def + 1 < tokens.size() && tokens.get(def + 1).getType() == PythonLexer.NAME ? tokens.get(def + 1) : null;
        }

        /** {@code class C(b1, b2.c, metaclass=M):} — the dotted runs among the arguments are the bases. */
        private ClassBuilder classHeader(int i, Bindings bindings) {
            if (i + 1 >= tokens.size() || tokens.get(i + 1).getType() != PythonLexer.NAME) {
                return null;
            }
            Token name = tokens.get(i + 1);
            List<String> bases = new ArrayList<>();
            int k = i + 2;
            if (k < tokens.size() && tokens.get(k).getType() == PythonLexer.LPAR) {
                int depth = 0;
                int argStart = k + 1;
                for (; k < tokens.size() && tokens.get(k).getType() != PythonLexer.NEWLINE; k++) {
                    int type = tokens.get(k).getType();
                    if (type == PythonLexer.LPAR || type == PythonLexer.LSQB || type == PythonLexer.LBRACE) {
                        depth++;
                    } else if (type == PythonLexer.RPAR || type == PythonLexer.RSQB || type == PythonLexer.RBRACE) {
                        depth--;
                    }
                    if ((type == PythonLexer.COMMA && depth == 1) || depth == 0) {
                        List<String> base = dottedRun(argStart, k);
                        if (base != null) {
                            bases.add(resolveBase(base, bindings));
                        }
                        argStart = k + 1;
                    }
                    if (depth == 0) {
                        break;
                    }
                }
            }
            ClassBuilder c = new ClassBuilder(name.getText(), bases, name.getLine());
            if (classes.size() < MAX_RECORDS) {
                classes.add(c);
            } else {
                truncated = true;
            }
            return c;
        }

        /** The names of tokens {@code [from, to)} when they are exactly {@code NAME (. NAME)*}, else null. */
        private List<String> dottedRun(int from, int to) {
            if (to <= from || (to - from) % 2 == 0) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (int k = from; k < to; k++) {
                int expected = (k - from) % 2 == 0 ? PythonLexer.NAME : PythonLexer.DOT;
                if (tokens.get(k).getType() != expected) {
                    return null;
                }
                if (expected == PythonLexer.NAME) {
                    names.add(tokens.get(k).getText());
                }
            }
            return names;
        }

        /**
         * A base class as {@link ModuleAnalyzer} names it: resolved like an API, a class of the file by its name,
         * any other lone name as {@code ?:name}.
         */
        private static String resolveBase(List<String> names, Bindings bindings) {
            String lone = names.size() == 1 ? names.get(0) : null;
            if (lone != null && bindings.defined().contains(lone)) {
                return lone;
            }
            String api = api(names, bindings);
            if (api != null) {
                return api;
            }
            return lone.length() > 40 ? "?" : "?:" + lone;
        }

        // ---- references ------------------------------------------------------------------------------------------

        /** Reads the dotted run starting at name token {@code i}, reports it if it names an API; the index after it. */
        private int reference(int i, Bindings bindings, Deque<Bracket> brackets, boolean moduleLevel) {
            int prev = i == 0 ? -1 : tokens.get(i - 1).getType();
            if (prev == PythonLexer.DOT || prev == PythonLexer.DEF || prev == PythonLexer.CLASS) {
                return i + 1;
            }
            List<String> names = new ArrayList<>();
            names.add(tokens.get(i).getText());
            int end = i + 1;
            while (end + 1 < tokens.size() && tokens.get(end).getType() == PythonLexer.DOT
                    && tokens.get(end + 1).getType() == PythonLexer.NAME) {
                names.add(tokens.get(end + 1).getText());
                end += 2;
            }
            int next = end < tokens.size() ? tokens.get(end).getType() : -1;
            boolean keyword = names.size() == 1 && next == PythonLexer.ASSIGN
                    && (prev == PythonLexer.LPAR || prev == PythonLexer.COMMA);
            if (keyword && !brackets.isEmpty() && brackets.peek().call() != null) {
                brackets.peek().call().keywords.add(names.get(0));
            }
            String api = api(names, bindings);
            if (api == null || (names.size() == 1 && next == PythonLexer.ASSIGN)) {
                return end;
            }
            boolean call = next == PythonLexer.LPAR;
            UseBuilder use = new UseBuilder(api, call, tokens.get(i), tokens.get(end - 1), moduleLevel);
            if (uses.size() < MAX_RECORDS) {
                uses.add(use);
            } else {
                truncated = true;
            }
            if (call) {
                brackets.push(new Bracket(PythonLexer.LPAR, use));
                return end + 1;
            }
            return end;
        }

        /** The canonical name of a dotted run, or null when it names no API. */
        private static String api(List<String> names, Bindings bindings) {
            String root = names.get(0);
            String rest = names.size() == 1 ? "" : "." + String.join(".", names.subList(1, names.size()));
            String bound = bindings.imported().get(root);
            if (bound != null) {
                boolean moduleMention = rest.isEmpty() && bindings.moduleRoots().contains(root);
                return moduleMention ? null : bound + rest;
            }
            if (Builtins.NAMES.contains(root) && !bindings.defined().contains(root)) {
                return "builtins." + root + rest;
            }
            return rest.isEmpty() ? null : "?" + rest;
        }

        // ---- strings -----------------------------------------------------------------------------------------

        private void string(Token t, String value) {
            if (strings.size() >= MAX_RECORDS) {
                truncated = true;
                return;
            }
            strings.add(new StringConstant(value, List.of(), t.getLine(), snippet(t, t), 0));
        }

        private static String snippet(Token start, Token stop) {
            return Evaluator.source(null, start, stop, ModuleAnalysis.SNIPPET_CHARS);
        }
    }
}
