package dev.fang.featurize.parser;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Source text as a sequence of code points: the {@link CharStream} the lexer and every token read from (indexes
 * are code point offsets, as with {@code CharStreams.fromString}). {@link PythonLexerBase} scans it directly
 * through {@link #at}.
 *
 * <p>Almost every file has no surrogate, so that each char is a code point and the text itself is read: only a
 * file with surrogates gets an array of its code points (a copy that was four bytes per char of every file).
 */
final class CodePointText implements CharStream {

    private static final long WHITESPACE = 1L << ' ' | 1L << '\t' | 1L << '\n' | 1L << '\f';

    private final String text;
    /** The code points when the text has surrogates, else null (the chars are the code points). */
    private final int[] codePoints;
    final int size;
    /** Spaces, tabs, line feeds and form feeds in the text, counted here for the features, which read no char again. */
    final int whitespace;
    private final String name;
    private int position;

    CodePointText(String text, String name) {
        int n = text.length();
        int surrogates = 0;
        int ws = 0;
        for (int i = 0; i < n; i++) {
            int c = text.charAt(i);
            surrogates |= (c & 0xF800) == 0xD800 ? 1 : 0;
            ws += (int) (WHITESPACE >>> c & 1) & (c - 64) >>> 31;   // no branch: c < 64 and its bit set
        }
        int[] a = null;
        int k = n;
        if (surrogates != 0) {
            a = new int[n];
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
        this.text = text;
        this.codePoints = a;
        this.size = k;
        this.whitespace = ws;
        this.name = name == null || name.isEmpty() ? IntStream.UNKNOWN_SOURCE_NAME : name;
    }

    /** The code point at index i, {@code 0 <= i < size}. */
    int at(int i) {
        return codePoints == null ? text.charAt(i) : codePoints[i];
    }

    /** The text of the code points [start, start + len), all in range. */
    String text(int start, int len) {
        return codePoints == null ? text.substring(start, start + len) : new String(codePoints, start, len);
    }

    @Override
    public String getText(Interval interval) {
        int start = Math.min(interval.a, size);
        int len = Math.min(interval.b - interval.a + 1, size - start);
        if (len <= 0 || start < 0) {
            return "";
        }
        return text(start, len);
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
            int index = position + i - 1;
            return index < size ? at(index) : IntStream.EOF;
        }
        if (i < 0) {
            int index = position + i;
            return index >= 0 ? at(index) : IntStream.EOF;
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
