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
import org.antlr.v4.runtime.misc.Interval;

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
    private final NameTable names = new NameTable();
    private int[] indentCols = new int[16];
    private boolean[] indentReal = new boolean[16];
    private int indentTop;                 // indentCols[0..indentTop] is the stack; [0] == 0
    private int bracketDepth;
    private boolean atLineStart = true;    // at the start of a logical line (depth 0)
    private boolean contLineStart;         // at the start of a physical continuation line (depth > 0)
    private int lineIndent;                // indentation measured for the current physical line
    private boolean lineHasContent;        // the current logical line has produced a parser token
    private boolean finished;

    // Hand-written scanner state. The text is scanned by code point (the indexes ANTLR's CharStream uses);
    // line and column are counted exactly as ANTLR's lexer counts them (only '\n' starts a line,
    // columns are code points). Only non-ASCII names and stray non-ASCII characters go through the generated
    // lexer (NAME is defined by Unicode XID properties there).
    private CodePointText src;
    private int end;
    private int pos;
    private int line = 1;
    private int col;
    private boolean generatedScanner;

    protected PythonLexerBase(CharStream input) {
        super(input);
    }

    /** Scan every raw token with the generated ANTLR lexer (slow; for differential tests of the fast scanner). */
    void useGeneratedScanner(boolean on) {
        generatedScanner = on;
    }

    private void loadText() {
        if (_input instanceof CodePointText t) {
            src = t;
        } else {
            // another CharStream (the differential tests use ANTLR's): the same code points, read from a copy
            int n = _input.size();
            src = new CodePointText(n == 0 ? "" : _input.getText(Interval.of(0, n - 1)), _input.getSourceName());
        }
        end = src.size;
        pos = _input.index();
        line = getInterpreter().getLine();
        col = getInterpreter().getCharPositionInLine();
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
        src = null;
        pos = 0;
        line = 1;
        col = 0;
    }

    @Override
    public Token nextToken() {
        if (src == null) {
            loadText();
        }
        while (pending.isEmpty()) {
            produce();
        }
        return pending.poll();
    }

    @Override
    public int getLine() {
        return src == null ? super.getLine() : line;
    }

    @Override
    public int getCharPositionInLine() {
        return src == null ? super.getCharPositionInLine() : col;
    }

    // ------------------------------------------------------------------------------------------------------
    // layout: NEWLINE / INDENT / DEDENT

    private void produce() {
        if (finished) {
            pending.add(synthetic(Token.EOF, "<EOF>"));
            return;
        }
        // blanks, backslash continuations and line breaks are handled here without making tokens
        if (frames.isEmpty()) {
            int c = la(1);
            if (c == ' ' || c == '\t' || c == '\f') {
                int indent = lineIndent;
                do {
                    if (c == '\t') {
                        indent = (indent / TAB_SIZE + 1) * TAB_SIZE;
                    } else if (c == '\f') {
                        indent = 0;
                    } else {
                        indent++;
                    }
                    pos++;
                    col++;
                    c = la(1);
                } while (c == ' ' || c == '\t' || c == '\f');
                if (atLineStart || contLineStart) {
                    lineIndent = indent;
                }
                return;
            }
            // a line break that ends no logical line (a blank line, or one inside brackets) makes no token:
            // what onLineBreak would do with it, without the token
            if (c == '\n' && (bracketDepth > 0 || !lineHasContent)) {
                consumeChar();
                if (bracketDepth > 0) {
                    contLineStart = true;
                } else {
                    atLineStart = true;
                    contLineStart = false;
                }
                lineIndent = 0;
                return;
            }
            if (c == '\\' && (la(2) == '\n' || la(2) == '\r')) {
                consumeChar();
                if (consumeChar() == '\r' && la(1) == '\n') {
                    consumeChar();
                }
                return;
            }
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
            ((CommonToken) raw).setType(PythonLexer.NEWLINE);
            pending.add(raw);
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

    private void applyIndent(int indent, Token at) {
        int top = indentCols[indentTop];
        if (indent > top) {
            if (indentTop >= MAX_INDENT_LEVELS) {
                issue(at, "too many levels of indentation");
                return;
            }
            push(indent, true);
            pending.add(synthetic(PythonLexer.INDENT, "", at));
            return;
        }
        while (indent < indentCols[indentTop]) {
            if (indentReal[indentTop]) {
                pending.add(synthetic(PythonLexer.DEDENT, "", at));
            }
            indentTop--;
        }
        if (indent > indentCols[indentTop]) {
            issue(at, "unindent does not match any outer indentation level");
            push(indent, false);
        }
    }

    private void push(int indent, boolean real) {
        if (indentTop + 1 == indentCols.length) {
            indentCols = java.util.Arrays.copyOf(indentCols, indentCols.length * 2);
            indentReal = java.util.Arrays.copyOf(indentReal, indentReal.length * 2);
        }
        indentTop++;
        indentCols[indentTop] = indent;
        indentReal[indentTop] = real;
    }

    private static int measure(String blanks, int indent) {
        for (int i = 0; i < blanks.length(); i++) {
            char c = blanks.charAt(i);
            if (c == '\t') {
                indent = (indent / TAB_SIZE + 1) * TAB_SIZE;
            } else if (c == '\f') {
                indent = 0;
            } else {
                indent++;
            }
        }
        return indent;
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
            int c = la(1);
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
        return generatedScanner ? generated() : scanRaw();
    }

    /** One raw token from the generated lexer, starting at the current position. */
    private Token generated() {
        _input.seek(pos);
        getInterpreter().setLine(line);
        getInterpreter().setCharPositionInLine(col);
        Token t = super.nextToken();
        pos = _input.index();
        line = getInterpreter().getLine();
        col = getInterpreter().getCharPositionInLine();
        return t;
    }

    /**
     * One raw token, recognised exactly as the generated lexer would (longest match, keywords before NAME), for
     * everything but non-ASCII characters, which are left to the generated lexer.
     */
    private Token scanRaw() {
        int start = pos;
        int c = la(1);
        if (c == IntStream.EOF) {
            return manual(Token.EOF, start, line, col);
        }
        if (c >= 0x80) {
            return generated();
        }
        int startLine = line;
        int startCol = col;
        int type;
        int len = 1;
        if (isAsciiNameStart(c)) {
            int i = start + 1;
            while (i < end && isAsciiNamePart(src.at(i))) {
                i++;
            }
            if (i < end && src.at(i) >= 0x80) {
                return generated(); // the name goes on with non-ASCII characters
            }
            len = i - start;
            type = keyword(start, len);
        } else if (c >= '0' && c <= '9' || c == '.' && isDigit(la(2))) {
            len = numberLength(start);
            type = PythonLexer.NUMBER;
        } else {
            int c2 = la(2);
            switch (c) {
                case '\n' -> type = PythonLexer.LINE_BREAK;
                case '\r' -> {
                    type = PythonLexer.LINE_BREAK;
                    len = c2 == '\n' ? 2 : 1;
                }
                case ' ', '\t', '\f' -> {
                    type = PythonLexer.BLANKS;
                    while (start + len < end && (src.at(start + len) == ' ' || src.at(start + len) == '\t'
                            || src.at(start + len) == '\f')) {
                        len++;
                    }
                }
                case '#' -> {
                    type = PythonLexer.COMMENT;
                    while (start + len < end && src.at(start + len) != '\n' && src.at(start + len) != '\r') {
                        len++;
                    }
                }
                case '\\' -> {
                    if (c2 == '\n') {
                        type = PythonLexer.LINE_JOIN;
                        len = 2;
                    } else if (c2 == '\r') {
                        type = PythonLexer.LINE_JOIN;
                        len = la(3) == '\n' ? 3 : 2;
                    } else {
                        type = PythonLexer.ERROR_CHAR;
                    }
                }
                case '(' -> type = PythonLexer.LPAR;
                case ')' -> type = PythonLexer.RPAR;
                case '[' -> type = PythonLexer.LSQB;
                case ']' -> type = PythonLexer.RSQB;
                case '{' -> type = PythonLexer.LBRACE;
                case '}' -> type = PythonLexer.RBRACE;
                case ';' -> type = PythonLexer.SEMI;
                case ',' -> type = PythonLexer.COMMA;
                case '~' -> type = PythonLexer.TILDE;
                case '.' -> {
                    if (c2 == '.' && la(3) == '.') {
                        type = PythonLexer.ELLIPSIS;
                        len = 3;
                    } else {
                        type = PythonLexer.DOT;
                    }
                }
                case ':' -> {
                    if (c2 == '=') {
                        type = PythonLexer.COLONEQUAL;
                        len = 2;
                    } else {
                        type = PythonLexer.COLON;
                    }
                }
                case '=' -> {
                    if (c2 == '=') {
                        type = PythonLexer.EQUALS;
                        len = 2;
                    } else {
                        type = PythonLexer.ASSIGN;
                    }
                }
                case '!' -> {
                    if (c2 == '=') {
                        type = PythonLexer.NOT_EQUAL;
                        len = 2;
                    } else {
                        type = PythonLexer.EXCLAMATION;
                    }
                }
                case '-' -> {
                    if (c2 == '>') {
                        type = PythonLexer.RARROW;
                        len = 2;
                    } else if (c2 == '=') {
                        type = PythonLexer.SUB_ASSIGN;
                        len = 2;
                    } else {
                        type = PythonLexer.MINUS;
                    }
                }
                case '+' -> {
                    type = c2 == '=' ? PythonLexer.ADD_ASSIGN : PythonLexer.PLUS;
                    len = c2 == '=' ? 2 : 1;
                }
                case '%' -> {
                    type = c2 == '=' ? PythonLexer.MOD_ASSIGN : PythonLexer.PERCENT;
                    len = c2 == '=' ? 2 : 1;
                }
                case '&' -> {
                    type = c2 == '=' ? PythonLexer.AND_ASSIGN : PythonLexer.AMPER;
                    len = c2 == '=' ? 2 : 1;
                }
                case '|' -> {
                    type = c2 == '=' ? PythonLexer.OR_ASSIGN : PythonLexer.VBAR;
                    len = c2 == '=' ? 2 : 1;
                }
                case '^' -> {
                    type = c2 == '=' ? PythonLexer.XOR_ASSIGN : PythonLexer.CIRCUMFLEX;
                    len = c2 == '=' ? 2 : 1;
                }
                case '@' -> {
                    type = c2 == '=' ? PythonLexer.AT_ASSIGN : PythonLexer.AT;
                    len = c2 == '=' ? 2 : 1;
                }
                case '*' -> {
                    if (c2 == '*') {
                        type = la(3) == '=' ? PythonLexer.POWER_ASSIGN : PythonLexer.POWER;
                        len = la(3) == '=' ? 3 : 2;
                    } else {
                        type = c2 == '=' ? PythonLexer.MULT_ASSIGN : PythonLexer.STAR;
                        len = c2 == '=' ? 2 : 1;
                    }
                }
                case '/' -> {
                    if (c2 == '/') {
                        type = la(3) == '=' ? PythonLexer.IDIV_ASSIGN : PythonLexer.IDIV;
                        len = la(3) == '=' ? 3 : 2;
                    } else {
                        type = c2 == '=' ? PythonLexer.DIV_ASSIGN : PythonLexer.SLASH;
                        len = c2 == '=' ? 2 : 1;
                    }
                }
                case '<' -> {
                    if (c2 == '<') {
                        type = la(3) == '=' ? PythonLexer.LSHIFT_ASSIGN : PythonLexer.LEFT_SHIFT;
                        len = la(3) == '=' ? 3 : 2;
                    } else {
                        type = c2 == '=' ? PythonLexer.LESS_EQUAL : PythonLexer.LESS;
                        len = c2 == '=' ? 2 : 1;
                    }
                }
                case '>' -> {
                    if (c2 == '>') {
                        type = la(3) == '=' ? PythonLexer.RSHIFT_ASSIGN : PythonLexer.RIGHT_SHIFT;
                        len = la(3) == '=' ? 3 : 2;
                    } else {
                        type = c2 == '=' ? PythonLexer.GREATER_EQUAL : PythonLexer.GREATER;
                        len = c2 == '=' ? 2 : 1;
                    }
                }
                default -> type = PythonLexer.ERROR_CHAR;
            }
        }
        for (int i = 0; i < len; i++) {
            consumeChar();
        }
        Token t = manual(type, start, startLine, startCol);
        if (type == PythonLexer.COMMENT) {
            ((CommonToken) t).setChannel(HIDDEN);
        } else if (type == PythonLexer.NAME) {
            ((CommonToken) t).setText(names.intern(src, start, len));
        }
        return t;
    }

    private static boolean isAsciiNameStart(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isAsciiNamePart(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static final String[] KEYWORDS = {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case",
        "type", "_",
    };
    private static final int[] KEYWORD_TYPES = {
        PythonLexer.FALSE, PythonLexer.NONE, PythonLexer.TRUE, PythonLexer.AND, PythonLexer.AS, PythonLexer.ASSERT,
        PythonLexer.ASYNC, PythonLexer.AWAIT, PythonLexer.BREAK, PythonLexer.CLASS, PythonLexer.CONTINUE,
        PythonLexer.DEF, PythonLexer.DEL, PythonLexer.ELIF, PythonLexer.ELSE, PythonLexer.EXCEPT,
        PythonLexer.FINALLY, PythonLexer.FOR, PythonLexer.FROM, PythonLexer.GLOBAL, PythonLexer.IF,
        PythonLexer.IMPORT, PythonLexer.IN, PythonLexer.IS, PythonLexer.LAMBDA, PythonLexer.NONLOCAL,
        PythonLexer.NOT, PythonLexer.OR, PythonLexer.PASS, PythonLexer.RAISE, PythonLexer.RETURN, PythonLexer.TRY,
        PythonLexer.WHILE, PythonLexer.WITH, PythonLexer.YIELD, PythonLexer.MATCH, PythonLexer.CASE,
        PythonLexer.TYPE, PythonLexer.UNDERSCORE,
    };
    /** Keyword indexes by (first letter, length), -1 terminated lists packed in one table. */
    private static final int[][] KEYWORD_INDEX = new int[128 * 9][];

    static {
        for (int k = 0; k < KEYWORDS.length; k++) {
            String w = KEYWORDS[k];
            int slot = w.charAt(0) * 9 + w.length();
            int[] old = KEYWORD_INDEX[slot];
            int[] grown = old == null ? new int[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = k;
            KEYWORD_INDEX[slot] = grown;
        }
    }

    /** Token type of the ASCII name at [start, start + len): a keyword's type or NAME. */
    private int keyword(int start, int len) {
        if (len > 8) {
            return PythonLexer.NAME;
        }
        int[] candidates = KEYWORD_INDEX[src.at(start) * 9 + len];
        if (candidates == null) {
            return PythonLexer.NAME;
        }
        outer:
        for (int k : candidates) {
            String w = KEYWORDS[k];
            for (int i = 1; i < len; i++) {
                if (src.at(start + i) != w.charAt(i)) {
                    continue outer;
                }
            }
            return KEYWORD_TYPES[k];
        }
        return PythonLexer.NAME;
    }

    // ---- numbers: the longest prefix matching the grammar's NUMBER rule --------------------------------------

    private int at(int i) {
        return i < end ? src.at(i) : IntStream.EOF;
    }

    /** End of DIGIT ('_'? DIGIT)* starting at i, or -1. */
    private int digitPart(int i) {
        if (!isDigit(at(i))) {
            return -1;
        }
        i++;
        while (true) {
            int c = at(i);
            if (isDigit(c)) {
                i++;
            } else if (c == '_' && isDigit(at(i + 1))) {
                i += 2;
            } else {
                return i;
            }
        }
    }

    /** End of [eE] [+-]? DIGIT_PART starting at i, or -1. */
    private int exponent(int i) {
        int c = at(i);
        if (c != 'e' && c != 'E') {
            return -1;
        }
        i++;
        c = at(i);
        if (c == '+' || c == '-') {
            i++;
        }
        return digitPart(i);
    }

    /** Longest end of FLOAT_NUMBER starting at i, or -1. */
    private int floatNumber(int i) {
        int best = -1;
        int dp = digitPart(i);
        // DIGIT_PART? '.' DIGIT_PART EXPONENT?
        int dot = dp < 0 ? i : dp;
        if (at(dot) == '.') {
            int frac = digitPart(dot + 1);
            if (frac >= 0) {
                int e = exponent(frac);
                best = Math.max(best, e >= 0 ? e : frac);
            }
        }
        if (dp >= 0) {
            // DIGIT_PART '.' EXPONENT?
            if (at(dp) == '.') {
                int e = exponent(dp + 1);
                best = Math.max(best, e >= 0 ? e : dp + 1);
            }
            // DIGIT_PART EXPONENT
            int e = exponent(dp);
            if (e >= 0) {
                best = Math.max(best, e);
            }
        }
        return best;
    }

    /** Longest end of INT_NUMBER starting at i, or -1. */
    private int intNumber(int i) {
        int c = at(i);
        if (c >= '1' && c <= '9') {
            return digitPart(i);
        }
        if (c != '0') {
            return -1;
        }
        int best;
        // '0'+ ('_'? '0')*
        int j = i + 1;
        while (true) {
            int d = at(j);
            if (d == '0') {
                j++;
            } else if (d == '_' && at(j + 1) == '0') {
                j += 2;
            } else {
                break;
            }
        }
        best = j;
        int x = at(i + 1);
        int radix = x == 'b' || x == 'B' ? 2 : x == 'o' || x == 'O' ? 8 : x == 'x' || x == 'X' ? 16 : 0;
        if (radix != 0) {
            int k = i + 2;
            int last = -1;
            while (true) {
                if (Character.digit(at(k), radix) >= 0 && at(k) < 0x80) {
                    k++;
                    last = k;
                } else if (at(k) == '_' && Character.digit(at(k + 1), radix) >= 0 && at(k + 1) < 0x80) {
                    k += 2;
                    last = k;
                } else {
                    break;
                }
            }
            best = Math.max(best, last);
        }
        return best;
    }

    /** Length of the NUMBER token at start (the caller checked it starts with a digit or '.' digit). */
    private int numberLength(int start) {
        int best = Math.max(intNumber(start), floatNumber(start));
        // IMAG_NUMBER : (FLOAT_NUMBER | DIGIT_PART) [jJ]; any FLOAT/DIGIT_PART end followed by j, longest wins
        int f = floatNumber(start);
        if (f >= 0 && (at(f) == 'j' || at(f) == 'J')) {
            best = Math.max(best, f + 1);
        }
        int dp = digitPart(start);
        if (dp >= 0 && (at(dp) == 'j' || at(dp) == 'J')) {
            best = Math.max(best, dp + 1);
        }
        return best - start;
    }

    private Token single(int type) {
        int start = pos;
        int l = line;
        int c = col;
        consumeChar();
        return manual(type, start, l, c);
    }

    /** At a string literal (with optional prefix)? Scans a whole plain string or the start of an f-string. */
    private Token scanStringStart() {
        int c1 = la(1);
        int prefixLen;
        boolean raw = false;
        boolean fmt = false;
        if (c1 == '\'' || c1 == '"') {
            prefixLen = 0;
        } else if (isPrefixChar(c1)) {
            int c2 = la(2);
            if (c2 == '\'' || c2 == '"') {
                prefixLen = 1;
                switch (c1 | 0x20) {
                    case 'r' -> raw = true;
                    case 'f' -> fmt = true;
                    default -> { }
                }
            } else if (isPrefixChar(c2) && (la(3) == '\'' || la(3) == '"')) {
                prefixLen = 2;
                int a = c1 | 0x20;
                int b = c2 | 0x20;
                if (a == 'r' && b == 'b' || a == 'b' && b == 'r') {
                    raw = true;
                } else if (a == 'f' && b == 'r' || a == 'r' && b == 'f') {
                    raw = true;
                    fmt = true;
                } else {
                    return null;
                }
            } else {
                return null;
            }
        } else {
            return null;
        }
        int start = pos;
        int sline = line;
        int scol = col;
        for (int i = 0; i < prefixLen; i++) {
            consumeChar();
        }
        int quote = la(1);
        boolean triple = la(2) == quote && la(3) == quote;
        int quoteLen = triple ? 3 : 1;
        for (int i = 0; i < quoteLen; i++) {
            consumeChar();
        }
        if (fmt) {
            frames.push(new Frame(FrameKind.STRING, quote, triple, raw, bracketDepth, null));
            return manual(PythonLexer.FSTRING_START, start, sline, scol);
        }
        while (true) {
            if (pos >= end) {
                issue(sline, scol, "unterminated string literal");
                break;
            }
            int c = src.at(pos);
            if (c == quote && (!triple || (la(2) == quote && la(3) == quote))) {
                for (int i = 0; i < quoteLen; i++) {
                    consumeChar();
                }
                break;
            }
            if (c == '\n') {
                if (!triple) {
                    issue(sline, scol, "unterminated string literal");
                    break;
                }
                pos++;
                line++;
                col = 0;
                continue;
            }
            if (c == '\r' && !triple) {
                issue(sline, scol, "unterminated string literal");
                break;
            }
            if (c == '\\') {
                consumeChar();
                int n = la(1);
                if (n == IntStream.EOF) {
                    continue;
                }
                consumeChar();
                if (n == '\r' && la(1) == '\n') {
                    consumeChar();
                }
                continue;
            }
            pos++;
            col++;
        }
        return manual(PythonLexer.STRING, start, sline, scol);
    }

    private static boolean isPrefixChar(int c) {
        return c == 'r' || c == 'R' || c == 'b' || c == 'B' || c == 'u' || c == 'U' || c == 'f' || c == 'F';
    }

    /** Literal text of an f-string (frame STRING) or of a format spec (frame SPEC), or the token ending it. */
    private Token scanFStringText(Frame frame) {
        Frame str = frame.kind == FrameKind.STRING ? frame : frame.string;
        boolean spec = frame.kind == FrameKind.SPEC;
        int start = pos;
        int sline = line;
        int scol = col;
        while (true) {
            int c = la(1);
            boolean atQuote = c == str.quote
                    && (!str.triple || (la(2) == str.quote && la(3) == str.quote));
            boolean atBreak = !str.triple && (c == '\n' || c == '\r');
            if (c == IntStream.EOF || atQuote || atBreak || (c == '{' && (spec || la(2) != '{'))
                    || (c == '}' && (spec || la(2) != '}'))) {
                if (pos > start) {
                    return manual(PythonLexer.FSTRING_MIDDLE, start, sline, scol);
                }
                if (c == IntStream.EOF) {
                    return manual(Token.EOF, pos, line, col); // finish() reports the unterminated f-string
                }
                if (atQuote && !spec) {
                    int n = str.triple ? 3 : 1;
                    for (int i = 0; i < n; i++) {
                        consumeChar();
                    }
                    frames.pop();
                    return manual(PythonLexer.FSTRING_END, start, sline, scol);
                }
                if (atQuote || atBreak) {
                    issue(sline, scol, atBreak ? "unterminated f-string" : "unterminated f-string format spec");
                    Token here = synthetic(PythonLexer.FSTRING_END, "", sline, scol);
                    abandonFrames(str);
                    if (atQuote) {
                        // the quote still closes the string: consume it as part of the end token
                        int n = str.triple ? 3 : 1;
                        for (int i = 0; i < n; i++) {
                            consumeChar();
                        }
                        return manual(PythonLexer.FSTRING_END, start, sline, scol);
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
                issue(sline, scol, "f-string: single '}' is not allowed");
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
                int n = la(1);
                if (!str.raw && n == 'N' && la(2) == '{') {
                    consumeChar();
                    consumeChar();
                    while (true) {
                        int d = la(1);
                        if (d == IntStream.EOF || d == '}' || d == str.quote || d == '\n' || d == '\r') {
                            break;
                        }
                        consumeChar();
                    }
                    if (la(1) == '}') {
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

    /** The k-th code point ahead (1 = current), or EOF. */
    private int la(int k) {
        int i = pos + k - 1;
        return i < end ? src.at(i) : IntStream.EOF;
    }

    /** Consumes one code point and returns it (EOF: nothing consumed). */
    private int consumeChar() {
        if (pos >= end) {
            return IntStream.EOF;
        }
        int c = src.at(pos++);
        if (c == '\n') {
            line++;
            col = 0;
        } else {
            col++;
        }
        return c;
    }

    private Token manual(int type, int start, int l, int c) {
        PyToken t = new PyToken(_tokenFactorySourcePair, type, DEFAULT_TOKEN_CHANNEL, start, pos - 1);
        t.setLine(l);
        t.setCharPositionInLine(c);
        t.endLine = line;
        return t;
    }

    private Token synthetic(int type, String text) {
        return synthetic(type, text, line, col);
    }

    private Token synthetic(int type, String text, Token at) {
        return synthetic(type, text, at.getLine(), at.getCharPositionInLine());
    }

    private Token synthetic(int type, String text, int l, int c) {
        int idx = pos;
        PyToken t = new PyToken(_tokenFactorySourcePair, type, DEFAULT_TOKEN_CHANNEL, idx, idx - 1);
        t.setText(text);
        t.setLine(l);
        t.setCharPositionInLine(c);
        t.endLine = l;
        return t;
    }

    private void issue(Token at, String message) {
        issue(at.getLine(), at.getCharPositionInLine(), message);
    }

    private void issue(int line, int col, String message) {
        issues.add(new LexIssue(line, col, message));
    }
}
