package dev.fang.featurize.parser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;

/**
 * Stateful part of the Python lexer (the grammar names this class as its {@code superClass}).
 *
 * <p>The generated lexer recognises only raw tokens. This class turns them into the token stream the parser
 * expects:
 * <ul>
 *   <li>string literals are scanned by hand (all prefixes, quotes and triple quotes); plain strings and bytes
 *       become one {@code STRING} token, f-strings become {@code FSTRING_START}, {@code FSTRING_MIDDLE}
 *       (literal text), {@code '{'} expression tokens [{@code '='}] [{@code '!' NAME}] [{@code ':'} format
 *       spec] {@code '}'} ... {@code FSTRING_END}, nesting to any depth as PEP 701 (Python 3.12) allows;</li>
 *   <li>physical line breaks become {@code NEWLINE} only at bracket depth 0 and only after a line that had a
 *       token; blank and comment-only lines, line breaks inside brackets and backslash continuations vanish;</li>
 *   <li>an indentation stack (tabs to the next multiple of 8, form feed resets, as CPython) yields
 *       {@code INDENT} and {@code DEDENT}; all open blocks are closed at end of input.</li>
 * </ul>
 * The lexer never throws: every oddity is recorded as a {@link LexIssue} and lexing continues. Two recovery
 * rules keep one mistake from swallowing the rest of a file: a line break inside a replacement field of a
 * single-quoted f-string ends that f-string, and a statement-only keyword ({@code def}, {@code class},
 * {@code import}, {@code return}, ...) starting a continuation line at or left of the current block's
 * indentation closes all open brackets.
 */
public abstract class PythonLexerBase extends Lexer {

    /** Something the lexer had to repair. */
    public record LexIssue(int line, int column, String message) { }

    /** CPython refuses more than 100 indentation levels; so do we (deeper lines stay at level 100). */
    public static final int MAX_INDENT_LEVELS = 100;

    private static final int TAB_SIZE = 8;

    private enum FrameKind { STRING, FIELD, SPEC }

    /** One level of f-string state. */
    private static final class Frame {
        final FrameKind kind;
        final int quote;           // STRING: ' or "
        final boolean triple;      // STRING
        final boolean raw;         // STRING
        final int depth;           // FIELD: bracket depth just inside its '{'; STRING: depth when it started
        final Frame string;        // FIELD/SPEC: the enclosing STRING frame

        Frame(FrameKind kind, int quote, boolean triple, boolean raw, int depth, Frame string) {
            this.kind = kind;
            this.quote = quote;
            this.triple = triple;
            this.raw = raw;
            this.depth = depth;
            this.string = string;
        }
    }

    private final ArrayDeque<Token> pending = new ArrayDeque<>();
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final List<LexIssue> issues = new ArrayList<>();
    private int[] indentCols = new int[16];
    private boolean[] indentReal = new boolean[16];
    private int indentTop;                 // indentCols[0..indentTop] is the stack; [0] == 0
    private int bracketDepth;
    private boolean atLineStart = true;    // at the start of a logical line (depth 0)
    private boolean contLineStart;         // at the start of a physical continuation line (depth > 0)
    private int lineIndent;                // indentation measured for the current physical line
    private boolean lineHasContent;        // the current logical line has produced a parser token
    private boolean finished;

    protected PythonLexerBase(CharStream input) {
        super(input);
    }

    /** Problems found so far (unterminated strings, bad dedents, unclosed brackets, ...). */
    public List<LexIssue> getIssues() {
        return Collections.unmodifiableList(issues);
    }

    @Override
    public void reset() {
        super.reset();
        pending.clear();
        frames.clear();
        issues.clear();
        indentTop = 0;
        bracketDepth = 0;
        atLineStart = true;
        contLineStart = false;
        lineIndent = 0;
        lineHasContent = false;
        finished = false;
    }

    @Override
    public Token nextToken() {
        while (pending.isEmpty()) {
            produce();
        }
        return pending.poll();
    }

    // ------------------------------------------------------------------------------------------------------
    // layout: NEWLINE / INDENT / DEDENT

    private void produce() {
        if (finished) {
            pending.add(synthetic(Token.EOF, "<EOF>"));
            return;
        }
        Token raw = rawToken();
        int type = raw.getType();
        if (type == Token.EOF) {
            finish(raw);
            return;
        }
        if (type == PythonLexer.BLANKS) {
            if (atLineStart || contLineStart) {
                lineIndent = measure(raw.getText(), lineIndent);
            }
            return;
        }
        if (type == PythonLexer.LINE_JOIN) {
            return;
        }
        if (type == PythonLexer.COMMENT) {
            pending.add(raw);
            return;
        }
        if (type == PythonLexer.LINE_BREAK) {
            onLineBreak(raw);
            return;
        }
        // a token the parser sees
        if (atLineStart) {
            applyIndent(lineIndent, raw);
            atLineStart = false;
        } else if (contLineStart) {
            contLineStart = false;
            if (bracketDepth > 0 && frames.isEmpty() && startsStatementOnly(type)
                    && lineIndent <= indentCols[indentTop]) {
                issue(raw, "unclosed bracket: '" + raw.getText() + "' cannot continue an expression");
                bracketDepth = 0;
                pending.add(synthetic(PythonLexer.NEWLINE, "", raw));
                lineHasContent = false;
                applyIndent(lineIndent, raw);
            }
        }
        trackBrackets(type);
        lineHasContent = true;
        pending.add(raw);
    }

    private void onLineBreak(Token raw) {
        if (!frames.isEmpty()) {
            Frame str = innermostString();
            if (str != null && !str.triple && frames.peek().kind != FrameKind.STRING) {
                // line break inside a replacement field of a single-quoted f-string: end that f-string here
                issue(raw, "unterminated f-string replacement field");
                abandonString(str, raw);
            }
        }
        if (bracketDepth > 0 || !frames.isEmpty()) {
            contLineStart = true;
            lineIndent = 0;
            return;
        }
        if (lineHasContent) {
            pending.add(withType(raw, PythonLexer.NEWLINE));
            lineHasContent = false;
        }
        atLineStart = true;
        contLineStart = false;
        lineIndent = 0;
    }

    private void finish(Token eof) {
        if (!frames.isEmpty()) {
            issue(eof, "unterminated f-string at end of input");
            while (!frames.isEmpty()) {
                Frame f = frames.pop();
                if (f.kind == FrameKind.STRING) {
                    bracketDepth = f.depth;
                    pending.add(synthetic(PythonLexer.FSTRING_END, "", eof));
                }
            }
        }
        if (bracketDepth > 0) {
            issue(eof, "unclosed bracket at end of input");
        }
        if (lineHasContent) {
            pending.add(synthetic(PythonLexer.NEWLINE, "", eof));
            lineHasContent = false;
        }
        while (indentTop > 0) {
            if (indentReal[indentTop]) {
                pending.add(synthetic(PythonLexer.DEDENT, "", eof));
            }
            indentTop--;
        }
        pending.add(eof);
        finished = true;
    }

    private void applyIndent(int col, Token at) {
        int top = indentCols[indentTop];
        if (col > top) {
            if (indentTop >= MAX_INDENT_LEVELS) {
                issue(at, "too many levels of indentation");
                return;
            }
            push(col, true);
            pending.add(synthetic(PythonLexer.INDENT, "", at));
            return;
        }
        while (col < indentCols[indentTop]) {
            if (indentReal[indentTop]) {
                pending.add(synthetic(PythonLexer.DEDENT, "", at));
            }
            indentTop--;
        }
        if (col > indentCols[indentTop]) {
            issue(at, "unindent does not match any outer indentation level");
            push(col, false);
        }
    }

    private void push(int col, boolean real) {
        if (indentTop + 1 == indentCols.length) {
            indentCols = java.util.Arrays.copyOf(indentCols, indentCols.length * 2);
            indentReal = java.util.Arrays.copyOf(indentReal, indentReal.length * 2);
        }
        indentTop++;
        indentCols[indentTop] = col;
        indentReal[indentTop] = real;
    }

    private static int measure(String blanks, int col) {
        for (int i = 0; i < blanks.length(); i++) {
            char c = blanks.charAt(i);
            if (c == '\t') {
                col = (col / TAB_SIZE + 1) * TAB_SIZE;
            } else if (c == '\f') {
                col = 0;
            } else {
                col++;
            }
        }
        return col;
    }

    private void trackBrackets(int type) {
        switch (type) {
            case PythonLexer.LPAR, PythonLexer.LSQB, PythonLexer.LBRACE -> bracketDepth++;
            case PythonLexer.RPAR, PythonLexer.RSQB, PythonLexer.RBRACE -> {
                if (bracketDepth > 0) {
                    bracketDepth--;
                }
            }
            default -> { }
        }
    }

    /** Keywords that can only start a statement, never continue an expression inside brackets. */
    private static boolean startsStatementOnly(int type) {
        switch (type) {
            case PythonLexer.DEF, PythonLexer.CLASS, PythonLexer.IMPORT, PythonLexer.RETURN, PythonLexer.TRY,
                 PythonLexer.WHILE, PythonLexer.WITH, PythonLexer.EXCEPT, PythonLexer.FINALLY, PythonLexer.PASS,
                 PythonLexer.BREAK, PythonLexer.CONTINUE, PythonLexer.GLOBAL, PythonLexer.NONLOCAL,
                 PythonLexer.DEL, PythonLexer.ASSERT, PythonLexer.ELIF, PythonLexer.RAISE:
                return true;
            default:
                return false;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // raw tokens: strings and f-strings by hand, everything else by the generated lexer

    private Token rawToken() {
        Frame top = frames.peek();
        if (top != null) {
            if (top.kind == FrameKind.STRING || top.kind == FrameKind.SPEC) {
                return scanFStringText(top);
            }
            // inside a replacement field
            int c = _input.LA(1);
            if (bracketDepth == top.depth) {
                if (c == '}') {
                    frames.pop();
                    return single(PythonLexer.RBRACE);
                }
                if (c == ':') {
                    Token colon = single(PythonLexer.COLON);
                    frames.push(new Frame(FrameKind.SPEC, 0, false, false, top.depth, top.string));
                    return colon;
                }
            }
        }
        Token s = scanStringStart();
        if (s != null) {
            return s;
        }
        return super.nextToken();
    }

    private Token single(int type) {
        int start = _input.index();
        int line = getLine();
        int col = getCharPositionInLine();
        consumeChar();
        return manual(type, start, line, col);
    }

    /** At a string literal (with optional prefix)? Scans a whole plain string or the start of an f-string. */
    private Token scanStringStart() {
        int c1 = _input.LA(1);
        int prefixLen;
        boolean raw = false;
        boolean fmt = false;
        if (c1 == '\'' || c1 == '"') {
            prefixLen = 0;
        } else if (isPrefixChar(c1)) {
            int c2 = _input.LA(2);
            if (c2 == '\'' || c2 == '"') {
                prefixLen = 1;
            } else if (isPrefixChar(c2) && (_input.LA(3) == '\'' || _input.LA(3) == '"')) {
                prefixLen = 2;
            } else {
                return null;
            }
            String p = prefixLen == 1 ? String.valueOf((char) c1).toLowerCase()
                    : ("" + (char) c1 + (char) c2).toLowerCase();
            switch (p) {
                case "r" -> raw = true;
                case "u", "b" -> { }
                case "f" -> fmt = true;
                case "rb", "br" -> raw = true;
                case "fr", "rf" -> {
                    raw = true;
                    fmt = true;
                }
                default -> {
                    return null;
                }
            }
        } else {
            return null;
        }
        int start = _input.index();
        int line = getLine();
        int col = getCharPositionInLine();
        for (int i = 0; i < prefixLen; i++) {
            consumeChar();
        }
        int quote = _input.LA(1);
        boolean triple = _input.LA(2) == quote && _input.LA(3) == quote;
        int quoteLen = triple ? 3 : 1;
        for (int i = 0; i < quoteLen; i++) {
            consumeChar();
        }
        if (fmt) {
            frames.push(new Frame(FrameKind.STRING, quote, triple, raw, bracketDepth, null));
            return manual(PythonLexer.FSTRING_START, start, line, col);
        }
        while (true) {
            int c = _input.LA(1);
            if (c == IntStream.EOF) {
                issue(line, col, "unterminated string literal");
                break;
            }
            if (c == quote && (!triple || (_input.LA(2) == quote && _input.LA(3) == quote))) {
                for (int i = 0; i < quoteLen; i++) {
                    consumeChar();
                }
                break;
            }
            if (!triple && (c == '\n' || c == '\r')) {
                issue(line, col, "unterminated string literal");
                break;
            }
            if (c == '\\') {
                consumeChar();
                int n = _input.LA(1);
                if (n == IntStream.EOF) {
                    continue;
                }
                consumeChar();
                if (n == '\r' && _input.LA(1) == '\n') {
                    consumeChar();
                }
                continue;
            }
            consumeChar();
        }
        return manual(PythonLexer.STRING, start, line, col);
    }

    private static boolean isPrefixChar(int c) {
        return c == 'r' || c == 'R' || c == 'b' || c == 'B' || c == 'u' || c == 'U' || c == 'f' || c == 'F';
    }

    /** Literal text of an f-string (frame STRING) or of a format spec (frame SPEC), or the token ending it. */
    private Token scanFStringText(Frame frame) {
        Frame str = frame.kind == FrameKind.STRING ? frame : frame.string;
        boolean spec = frame.kind == FrameKind.SPEC;
        int start = _input.index();
        int line = getLine();
        int col = getCharPositionInLine();
        while (true) {
            int c = _input.LA(1);
            boolean atQuote = c == str.quote
                    && (!str.triple || (_input.LA(2) == str.quote && _input.LA(3) == str.quote));
            boolean atBreak = !str.triple && (c == '\n' || c == '\r');
            if (c == IntStream.EOF || atQuote || atBreak || (c == '{' && (spec || _input.LA(2) != '{'))
                    || (c == '}' && (spec || _input.LA(2) != '}'))) {
                if (_input.index() > start) {
                    return manual(PythonLexer.FSTRING_MIDDLE, start, line, col);
                }
                if (c == IntStream.EOF) {
                    return super.nextToken(); // EOF; finish() reports the unterminated f-string
                }
                if (atQuote && !spec) {
                    int n = str.triple ? 3 : 1;
                    for (int i = 0; i < n; i++) {
                        consumeChar();
                    }
                    frames.pop();
                    return manual(PythonLexer.FSTRING_END, start, line, col);
                }
                if (atQuote || atBreak) {
                    issue(line, col, atBreak ? "unterminated f-string" : "unterminated f-string format spec");
                    Token here = synthetic(PythonLexer.FSTRING_END, "", line, col);
                    abandonFrames(str);
                    if (atQuote) {
                        // the quote still closes the string: consume it as part of the end token
                        int n = str.triple ? 3 : 1;
                        for (int i = 0; i < n; i++) {
                            consumeChar();
                        }
                        return manual(PythonLexer.FSTRING_END, start, line, col);
                    }
                    return here;
                }
                if (c == '{') {
                    Token open = single(PythonLexer.LBRACE);
                    frames.push(new Frame(FrameKind.FIELD, 0, false, false, bracketDepth + 1, str));
                    return open;
                }
                // '}' : ends the enclosing field (spec) or is a lone '}' in the literal text
                if (spec) {
                    frames.pop(); // SPEC
                    frames.pop(); // its FIELD
                    return single(PythonLexer.RBRACE);
                }
                issue(line, col, "f-string: single '}' is not allowed");
                consumeChar();
                continue;
            }
            if ((c == '{' || c == '}') && !spec) {
                consumeChar();   // doubled brace
                consumeChar();
                continue;
            }
            if (c == '\\') {
                consumeChar();
                int n = _input.LA(1);
                if (!str.raw && n == 'N' && _input.LA(2) == '{') {
                    consumeChar();
                    consumeChar();
                    while (true) {
                        int d = _input.LA(1);
                        if (d == IntStream.EOF || d == '}' || d == str.quote || d == '\n' || d == '\r') {
                            break;
                        }
                        consumeChar();
                    }
                    if (_input.LA(1) == '}') {
                        consumeChar();
                    }
                    continue;
                }
                if (n == IntStream.EOF || n == '{' || n == '}') {
                    continue;
                }
                consumeChar();
                continue;
            }
            consumeChar();
        }
    }

    private Frame innermostString() {
        for (Frame f : frames) {
            if (f.kind == FrameKind.STRING) {
                return f;
            }
        }
        return null;
    }

    /** Pops frames down to the given string frame; the caller emits or consumes its end. */
    private void abandonFrames(Frame str) {
        while (!frames.isEmpty()) {
            Frame f = frames.pop();
            if (f == str) {
                break;
            }
        }
        bracketDepth = str.depth;
    }

    private void abandonString(Frame str, Token at) {
        abandonFrames(str);
        pending.add(synthetic(PythonLexer.FSTRING_END, "", at));
    }

    // ------------------------------------------------------------------------------------------------------
    // token helpers

    private void consumeChar() {
        getInterpreter().consume(_input);
    }

    private Token manual(int type, int start, int line, int col) {
        return getTokenFactory().create(_tokenFactorySourcePair, type, null, DEFAULT_TOKEN_CHANNEL,
                start, _input.index() - 1, line, col);
    }

    private Token synthetic(int type, String text) {
        return synthetic(type, text, getLine(), getCharPositionInLine());
    }

    private Token synthetic(int type, String text, Token at) {
        return synthetic(type, text, at.getLine(), at.getCharPositionInLine());
    }

    private Token synthetic(int type, String text, int line, int col) {
        int idx = _input.index();
        CommonToken t = new CommonToken(_tokenFactorySourcePair, type, DEFAULT_TOKEN_CHANNEL, idx, idx - 1);
        t.setText(text);
        t.setLine(line);
        t.setCharPositionInLine(col);
        return t;
    }

    private static Token withType(Token raw, int type) {
        CommonToken t = new CommonToken(raw);
        t.setType(type);
        t.setChannel(DEFAULT_TOKEN_CHANNEL);
        return t;
    }

    private void issue(Token at, String message) {
        issue(at.getLine(), at.getCharPositionInLine(), message);
    }

    private void issue(int line, int col, String message) {
        issues.add(new LexIssue(line, col, message));
    }
}
