package dev.fang.featurize.parser;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Source text as an array of code points: the {@link CharStream} the lexer and every token read from (indexes
 * are code point offsets, as with {@code CharStreams.fromString}). {@link PythonLexerBase} scans the array
 * directly.
 */
final class CodePointText implements CharStream {

    private static final long WHITESPACE = 1L << ' ' | 1L << '\t' | 1L << '\n' | 1L << '\f';

    final int[] codePoints;
    final int size;
    /** The text itself when every char is a code point (no surrogates): token texts are then plain substrings. */
    private final String bmpText;
    /** Spaces, tabs, line feeds and form feeds in the text, counted here for the features, which read no char again. */
    final int whitespace;
    private final String name;
    private int position;

    CodePointText(String text, String name) {
        int n = text.length();
        int[] a = new int[n];
        int surrogates = 0;
        int ws = 0;
        // charAt rather than a copy of the chars: that copy was two more bytes per char of every file
        for (int i = 0; i < n; i++) {
            int c = text.charAt(i);
            a[i] = c;
            surrogates |= (c & 0xF800) == 0xD800 ? 1 : 0;
            ws += (int) (WHITESPACE >>> c & 1) & (c - 64) >>> 31;   // no branch: c < 64 and its bit set
        }
        int k = n;
        if (surrogates != 0) {
            k = 0;
            for (int i = 0; i < n; ) {
                char c = text.charAt(i++);
                if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(text.charAt(i))) {
                    a[k++] = Character.toCodePoint(c, text.charAt(i++));
                } else {
                    a[k++] = c;
                }
            }
        }
        this.codePoints = a;
        this.size = k;
        this.bmpText = surrogates == 0 ? text : null;
        this.whitespace = ws;
        this.name = name == null || name.isEmpty() ? IntStream.UNKNOWN_SOURCE_NAME : name;
    }

    @Override
    public String getText(Interval interval) {
        int start = Math.min(interval.a, size);
        int len = Math.min(interval.b - interval.a + 1, size - start);
        if (len <= 0 || start < 0) {
            return "";
        }
        return bmpText != null ? bmpText.substring(start, start + len) : new String(codePoints, start, len);
    }

    @Override
    public void consume() {
        if (position >= size) {
            throw new IllegalStateException("cannot consume EOF");
        }
        position++;
    }

    @Override
    public int LA(int i) {
        if (i > 0) {
            int at = position + i - 1;
            return at < size ? codePoints[at] : IntStream.EOF;
        }
        if (i < 0) {
            int at = position + i;
            return at >= 0 ? codePoints[at] : IntStream.EOF;
        }
        return 0;
    }

    @Override
    public int mark() {
        return -1;
    }

    @Override
    public void release(int marker) {
    }

    @Override
    public int index() {
        return position;
    }

    @Override
    public void seek(int index) {
        position = index;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String getSourceName() {
        return name;
    }

    @Override
    public String toString() {
        return getText(Interval.of(0, size - 1));
    }
}
