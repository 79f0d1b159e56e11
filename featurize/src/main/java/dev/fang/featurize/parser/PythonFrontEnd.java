package dev.fang.featurize.parser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.antlr.v4.runtime.tree.TerminalNodeImpl;

/**
 * Robust parsing facade for Python source files. {@link #parse} never throws and never hangs.
 *
 * <p>How a file is parsed:
 * <ol>
 *   <li>bytes are decoded by {@link SourceDecoder} (BOM, PEP 263 cookie, U+FFFD for bad bytes, LF newlines);
 *       input beyond {@link Limits#maxInputBytes} is cut at a line break;</li>
 *   <li>the whole file is lexed (at most {@link Limits#maxTokens} tokens); a logical line nested deeper than
 *       {@link Limits#maxNesting} brackets is dropped (CPython refuses more than 200 as well);</li>
 *   <li>stage 1: SLL prediction with {@link BailErrorStrategy} over the whole file &mdash; fast, and enough for
 *       almost every real file;</li>
 *   <li>stage 2, only if stage 1 failed: the file is cut into its top-level statements (a decorated definition,
 *       an {@code if}/{@code else} chain and a {@code try} with its handlers stay whole) and each is parsed on
 *       its own, SLL first, then full LL with ANTLR's recovering error strategy. A syntax error can therefore
 *       never swallow the statements that follow it.</li>
 * </ol>
 * Work runs on a worker thread with a large stack (one per calling thread, reused from file to file; the caller's
 * own thread when it is such a worker already, see {@link BigStackWorkers}); a
 * {@link StackOverflowError} only loses the statement that caused it. Time is checked while lexing and on every token look-ahead; at the limit the statements
 * parsed so far are returned and the report says {@code timedOut}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PythonFrontEnd {

    /**
     * Resource limits for one file.
     *
     * @param maxInputBytes bytes parsed at most; the rest of a larger file is ignored (flagged)
     * @param maxTokens     parser tokens at most; the rest is ignored (flagged)
     * @param maxParseTime  wall-clock budget for decoding, lexing and parsing (flagged when hit)
     * @param maxNesting    deepest bracket nesting parsed; deeper logical lines are dropped (flagged)
     */
    public record Limits(int maxInputBytes, int maxTokens, Duration maxParseTime, int maxNesting) {
        public static Limits defaults() {
            return new Limits(8 * 1024 * 1024, 2_000_000, Duration.ofSeconds(20), 200);
        }
    }

    /** Errors kept verbatim in the report; the count covers all of them. */
    public static final int REPORTED_ERRORS = 10;

    /**
     * ANTLR caches prediction DFAs for the life of the JVM. Ordinary code needs about a thousand states (the
     * whole standard library: under 900); crafted input can add many more, so a long-running service clears
     * the cache when it passes this many states. Checked every {@link #DFA_CHECK_INTERVAL} parses.
     */
    static final int MAX_DFA_STATES = 50_000;
    static final int DFA_CHECK_INTERVAL = 256;
    private static final java.util.concurrent.atomic.AtomicLong PARSES = new java.util.concurrent.atomic.AtomicLong();

    private static final long STACK_BYTES = 512L * 1024 * 1024;
    private static final long GRACE_MILLIS = 5_000;

    private final Limits limits;

    public PythonFrontEnd() {
        this(Limits.defaults());
    }

    public PythonFrontEnd(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Parses the bytes of one file. Never throws. */
    public ParsedFile parse(String fileName, byte[] content) {
        byte[] bytes = content == null ? new byte[0] : content;
        return runBounded(fileName, () -> {
            boolean truncated = false;
            byte[] input = bytes;
            if (bytes.length > limits.maxInputBytes()) {
                truncated = true;
                int cut = limits.maxInputBytes();
                for (int i = cut - 1; i > cut / 2; i--) {
                    if (bytes[i] == '\n') {
                        cut = i + 1;
                        break;
                    }
                }
                input = java.util.Arrays.copyOf(bytes, cut);
            }
            SourceDecoder.Decoded d = SourceDecoder.decode(input);
            return new Job(fileName, d, truncated).run();
        });
    }

    /** Parses already decoded source text (for example a payload recovered from an obfuscated string). */
    public ParsedFile parseText(String fileName, String text) {
        String t = text == null ? "" : text;
        return runBounded(fileName, () -> {
            boolean truncated = false;
            String s = t;
            if (s.length() > limits.maxInputBytes()) {
                truncated = true;
                s = s.substring(0, limits.maxInputBytes());
            }
            SourceDecoder.Decoded d = new SourceDecoder.Decoded(SourceDecoder.normalizeNewlines(s), "UTF-16", null, 0);
            return new Job(fileName, d, truncated).run();
        });
    }

    // ------------------------------------------------------------------------------------------------------

    private interface Work {
        ParsedFile get();
    }

    private ParsedFile runBounded(String fileName, Work work) {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        BigStackWorkers.Job job = WORKERS.start(() -> {
            try {
                outcome.set(new Outcome(work.get(), null));
            } catch (Throwable e) {
                outcome.set(new Outcome(null, e));
            }
        });
        try {
            if (!job.await(limits.maxParseTime().toMillis() + GRACE_MILLIS)) {
                job.abandon(); // that worker is stuck with this job; it retires when the job ends
                return failed(fileName, "parse did not finish in time", true);
            }
        } catch (InterruptedException e) {
            job.abandon();
            Thread.currentThread().interrupt();
            return failed(fileName, "interrupted", true);
        }
        Outcome out = outcome.get();
        return out.result() != null ? out.result() : failed(fileName, "parser failure: " + out.failure(), false);
    }

    private record Outcome(ParsedFile result, Throwable failure) { }

    /** Each calling thread hands its files to its own reusable worker, which has the large stack. */
    private static final BigStackWorkers WORKERS = new BigStackWorkers("fang-python-parse", STACK_BYTES);

    private static ParsedFile failed(String fileName, String why, boolean timedOut) {
        PythonParser.File_inputContext empty = new PythonParser.File_inputContext(null, -1);
        ParseReport report = new ParseReport("UTF-8", null, 0, 0, 0, 0, 0, 1,
                List.of(new SyntaxIssue(0, 0, why)), 0, true, false, false, timedOut, false, !timedOut);
        return new ParsedFile(fileName, "", empty, List.of(), report, 0);
    }

    /** Thrown from the token stream when the time budget is spent. */
    static final class DeadlineExceeded extends RuntimeException {
        DeadlineExceeded() {
            super("parse time limit exceeded", null, false, false);
        }
    }

    /** ANTLR's recovering strategy, remembering the tokens it throws away. */
    static final class RecoveringStrategy extends DefaultErrorStrategy {
        final List<Token> skipped = new ArrayList<>();

        @Override
        protected void consumeUntil(Parser recognizer, IntervalSet set) {
            int ttype = recognizer.getInputStream().LA(1);
            while (ttype != Token.EOF && !set.contains(ttype)) {
                skipped.add(recognizer.getCurrentToken());
                recognizer.consume();
                ttype = recognizer.getInputStream().LA(1);
            }
        }

        @Override
        protected Token singleTokenDeletion(Parser recognizer) {
            Token current = recognizer.getCurrentToken();
            Token matched = super.singleTokenDeletion(recognizer);
            if (matched != null) {
                skipped.add(current);
            }
            return matched;
        }
    }

    /** Collects syntax errors with their offending token. */
    static final class Collector extends BaseErrorListener {
        record Error(Token token, SyntaxIssue issue) { }

        private static final int MAX_MESSAGE = 160;

        final List<Error> errors = new ArrayList<>();

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col,
                                String msg, RecognitionException e) {
            Token t = offendingSymbol instanceof Token tok ? tok : null;
            String m = msg == null ? "syntax error" : msg.length() > MAX_MESSAGE ? msg.substring(0, MAX_MESSAGE) + "..." : msg;
            errors.add(new Error(t, new SyntaxIssue(line, col, m)));
        }
    }

    /** The deepest bracket nesting of any logical line, over the tokens given in order. */
    static final class Nesting {
        private int depth;
        int max;

        void track(Token t) {
            switch (t.getType()) {
                case PythonLexer.LPAR, PythonLexer.LSQB, PythonLexer.LBRACE -> {
                    if (t.getChannel() == Token.DEFAULT_CHANNEL && ++depth > max) {
                        max = depth;
                    }
                }
                case PythonLexer.RPAR, PythonLexer.RSQB, PythonLexer.RBRACE -> {
                    if (t.getChannel() == Token.DEFAULT_CHANNEL && depth > 0) {
                        depth--;
                    }
                }
                case PythonLexer.NEWLINE, Token.EOF -> depth = 0;
                default -> { }
            }
        }
    }

    /** The parse of one file, run on the big-stack thread. */
    private final class Job {
        private final String fileName;
        private final SourceDecoder.Decoded decoded;
        private final boolean inputTruncated;
        private final long start = System.nanoTime();
        private final long deadline;
        private final List<SyntaxIssue> issues = new ArrayList<>();
        private final BitSet dirty = new BitSet();
        private int syntaxErrors;
        private boolean tokenLimitHit;
        private boolean timedOut;
        private boolean nestingLimitHit;
        private boolean stackOverflow;
        private boolean recovered;
        private List<Token> tokens;
        private int[] logicalFirst;
        private int[] logicalLast;

        Job(String fileName, SourceDecoder.Decoded decoded, boolean inputTruncated) {
            this.fileName = fileName;
            this.decoded = decoded;
            this.inputTruncated = inputTruncated;
            this.deadline = start + limits.maxParseTime().toNanos();
        }

        ParsedFile run() {
            List<Token> raw = lex();
            tokens = limitNesting(raw);
            int n = tokens.size();
            Token[] parserTokens = new Token[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                Token t = tokens.get(i);
                ((CommonToken) t).setTokenIndex(i);
                if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                    parserTokens[m++] = t;
                }
            }
            parserTokenCount = m;
            List<int[]> chunks = topLevelChunks();
            boolean[] chunkBad = new boolean[chunks.size()];

            PythonParser.File_inputContext tree = null;
            long stage1Deadline = start + (deadline - start) / 2;
            try {
                PythonParser parser = newParser(new ParserTokenStream(parserTokens, m, tokens, lexerForCache,
                        stage1Deadline));
                parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
                parser.setErrorHandler(new BailErrorStrategy());
                tree = parser.file_input();
            } catch (ParseCancellationException | DeadlineExceeded | StackOverflowError e) {
                tree = null;
            }
            if (tree == null) {
                recovered = true;
                computeLogicalLines();
                tree = parseChunks(chunks, chunkBad);
            }
            ParsedFile result = finish(tree, chunks, chunkBad);
            if (PARSES.incrementAndGet() % DFA_CHECK_INTERVAL == 0) {
                trimDfaCache();
            }
            return result;
        }

        private int parserTokenCount;

        /** Bracket depth of the logical lines lexed so far, measured as each token comes (while it is in cache). */
        private final Nesting nesting = new Nesting();

        private PythonLexer lexerForCache;
        private CodePointText lexerText;

        private List<Token> lex() {
            lexerText = new CodePointText(decoded.text(), fileName);
            PythonLexer lexer = new PythonLexer(lexerText);
            lexerForCache = lexer;
            lexer.removeErrorListeners();
            List<Token> out = new ArrayList<>(decoded.text().length() / 4 + 16);
            int parserTokens = 0;
            Token last = null;
            try {
                while (true) {
                    Token t = lexer.nextToken();
                    if (t.getType() == Token.EOF) {
                        out.add(t);
                        break;
                    }
                    if (t.getChannel() == Token.DEFAULT_CHANNEL && ++parserTokens > limits.maxTokens()) {
                        tokenLimitHit = true;
                        break;
                    }
                    out.add(t);
                    last = t;
                    nesting.track(t);
                    if ((out.size() & 1023) == 0 && System.nanoTime() > deadline) {
                        timedOut = true;
                        break;
                    }
                }
            } catch (RuntimeException e) {
                addIssue(new SyntaxIssue(last == null ? 1 : last.getLine(), 0, "lexer failure: " + e));
            }
            if (out.isEmpty() || out.get(out.size() - 1).getType() != Token.EOF) {
                CommonToken eof = new CommonToken(Token.EOF, "<EOF>");
                eof.setLine(last == null ? 1 : last.getLine());
                eof.setCharPositionInLine(0);
                out.add(eof);
                if (last != null) {
                    dirty.set(last.getLine(), last.getLine() + 1);
                }
            }
            for (PythonLexerBase.LexIssue li : lexer.getIssues()) {
                addIssue(new SyntaxIssue(li.line(), li.column(), li.message()));
                dirty.set(Math.max(li.line(), 0));
            }
            return out;
        }

        /** Drops logical lines nested deeper than the limit (they would only exhaust the stack). */
        private List<Token> limitNesting(List<Token> raw) {
            if (nesting.max <= limits.maxNesting()) {
                return raw;
            }
            List<Token> out = new ArrayList<>(raw.size());
            List<Token> line = new ArrayList<>();
            int depth = 0;
            int maxDepth = 0;
            for (Token t : raw) {
                int type = t.getType();
                line.add(t);
                if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                    switch (type) {
                        case PythonLexer.LPAR, PythonLexer.LSQB, PythonLexer.LBRACE -> {
                            depth++;
                            maxDepth = Math.max(maxDepth, depth);
                        }
                        case PythonLexer.RPAR, PythonLexer.RSQB, PythonLexer.RBRACE -> depth = Math.max(0, depth - 1);
                        default -> { }
                    }
                }
                if (type == PythonLexer.NEWLINE || type == Token.EOF) {
                    if (maxDepth > limits.maxNesting()) {
                        nestingLimitHit = true;
                        Token first = null;
                        Token lastDropped = null;
                        for (Token x : line) {
                            int xt = x.getType();
                            if (xt == PythonLexer.INDENT || xt == PythonLexer.DEDENT || xt == Token.EOF) {
                                out.add(x);
                            } else {
                                if (first == null) {
                                    first = x;
                                }
                                lastDropped = x;
                            }
                        }
                        if (first != null) {
                            addIssue(new SyntaxIssue(first.getLine(), first.getCharPositionInLine(),
                                    "brackets nested deeper than " + limits.maxNesting() + "; logical line dropped"));
                            dirty.set(first.getLine(), endLine(lastDropped) + 1);
                        }
                    } else {
                        out.addAll(line);
                    }
                    line.clear();
                    depth = 0;
                    maxDepth = 0;
                }
            }
            out.addAll(line);
            return out;
        }

        /** For each token, the first and last physical line of its logical line. */
        private void computeLogicalLines() {
            int n = tokens.size();
            logicalFirst = new int[n];
            logicalLast = new int[n];
            int segStart = 0;
            int first = -1;
            int last = 0;
            for (int i = 0; i < n; i++) {
                Token t = tokens.get(i);
                if (t.getType() != PythonLexer.INDENT && t.getType() != PythonLexer.DEDENT) {
                    if (first < 0) {
                        first = t.getLine();
                    }
                    last = Math.max(last, endLine(t));
                }
                if (t.getType() == PythonLexer.NEWLINE || t.getType() == Token.EOF || i == n - 1) {
                    for (int k = segStart; k <= i; k++) {
                        logicalFirst[k] = first < 0 ? t.getLine() : first;
                        logicalLast[k] = Math.max(last, logicalFirst[k]);
                    }
                    segStart = i + 1;
                    first = -1;
                    last = 0;
                }
            }
        }

        /** [start, end) token ranges of top-level statements; EOF excluded. */
        private List<int[]> topLevelChunks() {
            List<int[]> chunks = new ArrayList<>();
            int n = tokens.size() - 1; // last token is EOF
            int level = 0;
            int chunkStart = 0;
            boolean logicalStart = true;
            boolean decoratorLine = false;
            for (int i = 0; i < n; i++) {
                Token t = tokens.get(i);
                if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                    continue;
                }
                int type = t.getType();
                if (logicalStart && type != PythonLexer.INDENT && type != PythonLexer.DEDENT) {
                    decoratorLine = type == PythonLexer.AT;
                    logicalStart = false;
                }
                boolean boundary = false;
                if (type == PythonLexer.INDENT) {
                    level++;
                } else if (type == PythonLexer.DEDENT) {
                    level = Math.max(0, level - 1);
                    if (level == 0) {
                        int next = nextDefault(i + 1);
                        boundary = next != PythonLexer.ELSE && next != PythonLexer.ELIF
                                && next != PythonLexer.EXCEPT && next != PythonLexer.FINALLY;
                    }
                } else if (type == PythonLexer.NEWLINE) {
                    logicalStart = true;
                    boundary = level == 0 && !decoratorLine && nextDefault(i + 1) != PythonLexer.INDENT;
                }
                if (boundary) {
                    chunks.add(new int[] {chunkStart, i + 1});
                    chunkStart = i + 1;
                }
            }
            if (hasDefaultToken(chunkStart, n)) {
                chunks.add(new int[] {chunkStart, n});
            } else if (!chunks.isEmpty()) {
                chunks.get(chunks.size() - 1)[1] = n; // trailing comments join the last statement
            }
            return chunks;
        }

        private boolean hasDefaultToken(int from, int to) {
            for (int i = from; i < to; i++) {
                if (tokens.get(i).getChannel() == Token.DEFAULT_CHANNEL) {
                    return true;
                }
            }
            return false;
        }

        private int nextDefault(int from) {
            for (int i = from; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                    return t.getType();
                }
            }
            return Token.EOF;
        }

        private PythonParser newParser(TokenStream input) {
            PythonParser parser = new PythonParser(input);
            parser.setInterpreter(new OneTokenPredictionSimulator(parser, parser.getInterpreter()));
            parser.removeErrorListeners();
            parser.setBuildParseTree(true);
            return parser;
        }

        /**
         * The parser tokens of tokens[from, to) and an EOF token placed right after them (made as
         * {@link ListTokenSource} makes it, so that errors at the end of a statement point there).
         */
        private ParserTokenStream chunkStream(int from, int to) {
            List<Token> sub = tokens.subList(from, to);
            ListTokenSource src = new ListTokenSource(sub);
            Token[] arr = new Token[to - from + 1];
            int m = 0;
            for (Token t : sub) {
                if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                    arr[m++] = t;
                }
            }
            for (int k = 0; k < sub.size(); k++) {
                src.nextToken();
            }
            Token eof = src.nextToken();
            ((CommonToken) eof).setTokenIndex(to);
            arr[m++] = eof;
            return new ParserTokenStream(arr, m, tokens, src, deadline);
        }

        private PythonParser.File_inputContext parseChunks(List<int[]> chunks, boolean[] chunkBad) {
            PythonParser.File_inputContext merged = new PythonParser.File_inputContext(null, -1);
            for (int c = 0; c < chunks.size(); c++) {
                int[] range = chunks.get(c);
                if (timedOut) {
                    chunkBad[c] = true;
                    markDirty(range[0], range[1] - 1);
                    continue;
                }
                List<Token> sub = tokens.subList(range[0], range[1]);
                PythonParser.File_inputContext part = null;
                Collector collector = new Collector();
                RecoveringStrategy strategy = new RecoveringStrategy();
                try {
                    try {
                        PythonParser p = newParser(chunkStream(range[0], range[1]));
                        p.getInterpreter().setPredictionMode(PredictionMode.SLL);
                        p.setErrorHandler(new BailErrorStrategy());
                        part = p.file_input();
                    } catch (ParseCancellationException e) {
                        PythonParser p = newParser(chunkStream(range[0], range[1]));
                        p.getInterpreter().setPredictionMode(PredictionMode.LL);
                        p.setErrorHandler(strategy);
                        p.addErrorListener(collector);
                        part = p.file_input();
                    }
                } catch (DeadlineExceeded e) {
                    timedOut = true;
                    part = null;
                } catch (StackOverflowError e) {
                    stackOverflow = true;
                    part = null;
                    Token first = sub.isEmpty() ? null : sub.get(0);
                    addIssue(new SyntaxIssue(first == null ? 0 : first.getLine(), 0,
                            "statement nested too deeply to parse; dropped"));
                }
                if (part == null) {
                    chunkBad[c] = true;
                    markDirty(range[0], range[1] - 1);
                    continue;
                }
                for (Collector.Error err : collector.errors) {
                    addIssue(err.issue());
                    chunkBad[c] = true;
                    int idx = err.token() == null || err.token().getType() == Token.EOF
                            ? range[1] - 1 : err.token().getTokenIndex();
                    markDirty(idx, idx);
                }
                for (Token s : strategy.skipped) {
                    chunkBad[c] = true;
                    int idx = s.getType() == Token.EOF ? range[1] - 1 : s.getTokenIndex();
                    markDirty(idx, idx);
                }
                adopt(merged, part);
            }
            Token eof = tokens.get(tokens.size() - 1);
            TerminalNodeImpl eofNode = new TerminalNodeImpl(eof);
            eofNode.setParent(merged);
            merged.addAnyChild(eofNode);
            merged.start = tokens.get(0);
            merged.stop = eof;
            return merged;
        }

        private void adopt(PythonParser.File_inputContext merged, PythonParser.File_inputContext part) {
            for (int i = 0, n = part.getChildCount(); i < n; i++) {
                ParseTree child = part.getChild(i);
                if (child instanceof TerminalNode tn && tn.getSymbol().getType() == Token.EOF) {
                    continue;
                }
                if (child instanceof TerminalNode tn) {
                    tn.setParent(merged);
                } else if (child instanceof org.antlr.v4.runtime.RuleContext rc) {
                    rc.setParent(merged);
                }
                merged.addAnyChild(child);
            }
        }

        private void markDirty(int fromToken, int toToken) {
            if (fromToken < 0 || tokens.isEmpty()) {
                return;
            }
            if (logicalFirst == null) {
                computeLogicalLines();
            }
            int a = Math.min(fromToken, tokens.size() - 1);
            int b = Math.min(Math.max(toToken, a), tokens.size() - 1);
            int lo = logicalFirst[a];
            int hi = logicalLast[b];
            if (hi >= lo) {
                dirty.set(lo, hi + 1);
            }
        }

        private ParsedFile finish(PythonParser.File_inputContext tree, List<int[]> chunks, boolean[] chunkBad) {
            BitSet code = new BitSet();
            int lastLine = -1;
            for (int i = 0, n = tokens.size(); i < n; i++) {
                Token t = tokens.get(i);
                if (t.getChannel() != Token.DEFAULT_CHANNEL || t.getStopIndex() < t.getStartIndex()) {
                    continue; // synthetic NEWLINE / INDENT / DEDENT / EOF
                }
                int type = t.getType();
                if (type == PythonLexer.NEWLINE || type == Token.EOF) {
                    continue;
                }
                int line = t.getLine();
                int last = endLine(t);
                if (last != line) {
                    code.set(line, last + 1);
                } else if (line != lastLine) {
                    code.set(line);
                }
                lastLine = last;
            }
            int codeLines = code.cardinality();
            int dirtyCodeLines = 0;
            int clean;
            if (dirty.isEmpty()) {
                clean = 0;
                for (boolean bad : chunkBad) {
                    if (!bad) {
                        clean++;
                    }
                }
            } else {
                if (logicalFirst == null) {
                    computeLogicalLines();
                }
                BitSet dirtyCode = (BitSet) dirty.clone();
                dirtyCode.and(code);
                dirtyCodeLines = dirtyCode.cardinality();
                clean = 0;
                for (int c = 0; c < chunks.size(); c++) {
                    int[] r = chunks.get(c);
                    int lo = logicalFirst[r[0]];
                    int hi = logicalLast[Math.max(r[0], r[1] - 1)];
                    int d = dirty.nextSetBit(lo);
                    if (!chunkBad[c] && (d < 0 || d > hi)) {
                        clean++;
                    }
                }
            }
            List<SyntaxIssue> first = new ArrayList<>(issues);
            first.sort(Comparator.comparingInt(SyntaxIssue::line).thenComparingInt(SyntaxIssue::column));
            if (first.size() > REPORTED_ERRORS) {
                first = first.subList(0, REPORTED_ERRORS);
            }
            ParseReport report = new ParseReport(decoded.charset(), decoded.declaredEncoding(),
                    decoded.undecodableBytes(), codeLines, codeLines - dirtyCodeLines,
                    chunks.size(), clean, syntaxErrors, first, parserTokenCount, recovered, inputTruncated,
                    tokenLimitHit, timedOut, nestingLimitHit, stackOverflow);
            return new ParsedFile(fileName, decoded.text(), tree, Collections.unmodifiableList(tokens), report,
                    lexerText.whitespace);
        }

        private void addIssue(SyntaxIssue issue) {
            syntaxErrors++;
            if (issues.size() < 10_000) {
                issues.add(issue);
            }
        }
    }

    /** Total states in the shared DFA caches of the parser and lexer. */
    static int dfaStates(PythonParser parser, PythonLexer lexer) {
        int n = 0;
        for (org.antlr.v4.runtime.dfa.DFA d : parser.getInterpreter().decisionToDFA) {
            n += d.states.size();
        }
        for (org.antlr.v4.runtime.dfa.DFA d : lexer.getInterpreter().decisionToDFA) {
            n += d.states.size();
        }
        return n;
    }

    private static void trimDfaCache() {
        PythonParser parser = new PythonParser(null);
        PythonLexer lexer = new PythonLexer(null);
        if (dfaStates(parser, lexer) > MAX_DFA_STATES) {
            parser.getInterpreter().clearDFA();
            lexer.getInterpreter().clearDFA();
        }
    }

    /** Last physical line covered by a token (strings may span lines). */
    static int endLine(Token t) {
        int type = t.getType();
        if (type != PythonLexer.STRING && type != PythonLexer.FSTRING_MIDDLE && type != PythonLexer.FSTRING_END) {
            return t.getLine();
        }
        if (t instanceof PyToken p) {
            return p.endLine;
        }
        int line = t.getLine();
        if (t.getInputStream() instanceof CodePointText src && t.getStartIndex() >= 0) {
            int stop = Math.min(t.getStopIndex(), src.size - 1);
            for (int i = t.getStartIndex(); i <= stop; i++) {
                if (src.at(i) == '\n') {
                    line++;
                }
            }
            return line;
        }
        String text = t.getText();
        if (text == null) {
            return line;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
