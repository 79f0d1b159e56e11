package dev.fang.robustness;

import dev.fang.featurize.parser.ParsedFile;
import dev.fang.featurize.parser.PythonFrontEnd;
import dev.fang.featurize.parser.PythonLexer;
import dev.fang.featurize.parser.PythonParser;
import java.util.Locale;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * One Python file parsed by our front end, ready to be rewritten: its text, tree and tokens, with token
 * positions (code point offsets) translated to offsets in {@link #text()}.
 */
final class PythonModule {
    private static final PythonFrontEnd FRONT_END = new PythonFrontEnd();

    private final String path;
    private final String text;
    private final PythonParser.File_inputContext tree;
    private final int[] charOffsetOfCodePoint;

    private PythonModule(String path, ParsedFile parsed) {
        this.path = path;
        this.text = parsed.text();
        this.tree = parsed.tree();
        int codePoints = text.codePointCount(0, text.length());
        charOffsetOfCodePoint = new int[codePoints + 1];
        for (int cp = 0, offset = 0; cp <= codePoints; cp++) {
            charOffsetOfCodePoint[cp] = offset;
            if (offset < text.length()) {
                offset += Character.charCount(text.codePointAt(offset));
            }
        }
    }

    /**
     * Parses a file for rewriting. Files we cannot rewrite faithfully are refused: syntax errors or limits
     * (we would rewrite a tree that is not the whole file), and a coding cookie other than UTF-8 (we write UTF-8).
     */
    static Optional<PythonModule> parse(String path, byte[] content) {
        ParsedFile parsed = FRONT_END.parse(path, content);
        String cookie = parsed.report().declaredEncoding();
        boolean utf8 = cookie == null || cookie.toLowerCase(Locale.ROOT).replace('_', '-').matches("utf-?8");
        if (!parsed.report().clean() || !utf8 || parsed.report().undecodableBytes() > 0) {
            return Optional.empty();
        }
        return Optional.of(new PythonModule(path, parsed));
    }

    /** The directory part of a package path, with its trailing slash ("" at the top). */
    static String directoryOf(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    /** File names without directory and extension: the module names a new file must not take. */
    static java.util.Set<String> fileStems(java.util.List<String> paths) {
        java.util.Set<String> stems = new java.util.HashSet<>();
        paths.forEach(path -> stems.add(path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.[^.]*$", "")));
        return stems;
    }

    static boolean isPython(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".py") || lower.endsWith(".pyw");
    }

    String path() {
        return path;
    }

    String text() {
        return text;
    }

    PythonParser.File_inputContext tree() {
        return tree;
    }

    int start(Token token) {
        return charOffsetOfCodePoint[Math.min(token.getStartIndex(), charOffsetOfCodePoint.length - 1)];
    }

    /** Offset just after the token; equal to {@link #start} for synthetic tokens (INDENT, DEDENT, a final NEWLINE). */
    int end(Token token) {
        if (token.getStopIndex() < token.getStartIndex()) {
            return start(token);
        }
        return charOffsetOfCodePoint[Math.min(token.getStopIndex() + 1, charOffsetOfCodePoint.length - 1)];
    }

    int start(ParserRuleContext context) {
        return start(context.getStart());
    }

    int end(ParserRuleContext context) {
        return end(context.getStop());
    }

    /** Where new module-level imports can go: after the docstring and the {@code from __future__} imports. */
    Optional<Integer> importSite() {
        int site = 0;
        boolean first = true;
        for (PythonParser.StmtContext stmt : tree.stmt()) {
            PythonParser.Simple_stmtsContext simple = stmt.simple_stmts();
            if (simple == null || simple.simple_stmt().size() != 1) {
                break;
            }
            PythonParser.Simple_stmtContext only = simple.simple_stmt(0);
            boolean docstring = first && Syntax.isBareString(only);
            boolean future = only.import_stmt() != null && only.import_stmt().import_from() != null
                    && only.import_stmt().import_from().dotted_name() != null
                    && only.import_stmt().import_from().dotted_name().getText().equals("__future__");
            if (!docstring && !future) {
                break;
            }
            first = false;
            int newline = text.indexOf('\n', end(only));
            if (newline < 0) {
                return Optional.empty(); // the header is the whole file without a final newline: nothing can follow safely
            }
            site = newline + 1;
        }
        if (first && !tree.stmt().isEmpty()) {
            // No docstring: go before the first statement, after any shebang, coding cookie or comment on top.
            int firstCode = start(tree.stmt(0));
            site = text.lastIndexOf('\n', firstCode - 1) + 1;
        }
        return Optional.of(site);
    }

    static boolean isName(Token token) {
        int type = token.getType();
        return type == PythonLexer.NAME || type == PythonLexer.MATCH || type == PythonLexer.CASE
                || type == PythonLexer.TYPE || type == PythonLexer.UNDERSCORE;
    }
}
