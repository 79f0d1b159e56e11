package dev.fang.featurize.parser;

import java.util.List;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The parser's input: the default-channel tokens of a file (or of one statement), ending with EOF, in an array.
 * Unlike {@code CommonTokenStream} it never walks over hidden tokens and never renumbers tokens: every token
 * keeps its index in {@link ParsedFile#tokens()}. Stream positions ({@link #index()}, {@link #get(int)}) are
 * array positions. Checks the clock every 1024 tokens consumed (prediction look-ahead included) and throws
 * {@link PythonFrontEnd.DeadlineExceeded} past the deadline.
 */
final class ParserTokenStream implements TokenStream {

    private final Token[] tokens;
    private final int n;
    private final List<Token> all;
    private final TokenSource source;
    private final long deadline;
    private int p;
    private int ticks;

    /**
     * @param tokens   parser tokens; the last one must be EOF
     * @param n        how many of {@code tokens} are used
     * @param all      the file's whole token list (indexes as in {@link Token#getTokenIndex()}), for error texts
     * @param source   token source reported to the parser
     * @param deadline {@link System#nanoTime()} deadline
     */
    ParserTokenStream(Token[] tokens, int n, List<Token> all, TokenSource source, long deadline) {
        this.tokens = tokens;
        this.n = n;
        this.all = all;
        this.source = source;
        this.deadline = deadline;
    }

    @Override
    public Token LT(int k) {
        if (k > 0) {
            int i = p + k - 1;
            return i < n ? tokens[i] : tokens[n - 1];
        }
        if (k < 0) {
            int i = p + k;
            return i >= 0 ? tokens[i] : null;
        }
        return null;
    }

    @Override
    public int LA(int i) {
        Token t = LT(i);
        return t == null ? Token.INVALID_TYPE : t.getType();
    }

    @Override
    public void consume() {
        if (tokens[p].getType() == Token.EOF) {
            throw new IllegalStateException("cannot consume EOF");
        }
        p++;
        if ((++ticks & 1023) == 0 && System.nanoTime() > deadline) {
            throw new PythonFrontEnd.DeadlineExceeded();
        }
    }

    @Override
    public int index() {
        return p;
    }

    @Override
    public void seek(int index) {
        p = Math.max(0, Math.min(index, n - 1));
    }

    @Override
    public int mark() {
        return -1;
    }

    @Override
    public void release(int marker) {
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public String getSourceName() {
        return source == null ? UNKNOWN_SOURCE_NAME : source.getSourceName();
    }

    @Override
    public Token get(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("token index " + i + " out of range 0.." + (n - 1));
        }
        return tokens[i];
    }

    @Override
    public TokenSource getTokenSource() {
        return source;
    }

    /** Text of the tokens (hidden ones included) between two token indexes of the whole file, EOF excluded. */
    @Override
    public String getText(Interval interval) {
        if (interval.a < 0 || interval.b < 0 || all == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int stop = Math.min(interval.b, all.size() - 1);
        for (int i = interval.a; i <= stop; i++) {
            Token t = all.get(i);
            if (t.getType() == Token.EOF) {
                break;
            }
            sb.append(t.getText());
        }
        return sb.toString();
    }

    @Override
    public String getText() {
        return all == null ? "" : getText(Interval.of(0, all.size() - 1));
    }

    @Override
    public String getText(RuleContext ctx) {
        return getText(ctx.getSourceInterval());
    }

    @Override
    public String getText(Token start, Token stop) {
        if (start == null || stop == null) {
            return "";
        }
        return getText(Interval.of(start.getTokenIndex(), stop.getTokenIndex()));
    }
}
