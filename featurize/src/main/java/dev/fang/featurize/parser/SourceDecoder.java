package dev.fang.featurize.parser;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bytes of a Python source file into text the way CPython reads it, without ever failing.
 *
 * <ul>
 *   <li>A UTF-8 byte order mark is dropped and forces UTF-8.</li>
 *   <li>A PEP 263 coding cookie ({@code # -*- coding: latin-1 -*-}) on line 1, or on line 2 when line 1 is blank
 *       or a comment, selects the charset if Java knows it; otherwise UTF-8 is used.</li>
 *   <li>Bytes that do not decode become U+FFFD and are counted.</li>
 *   <li>CRLF and lone CR line endings become LF (CPython's universal newlines), so line numbers agree.</li>
 * </ul>
 */
public final class SourceDecoder {

    /** The decoded text and how it was obtained. */
    public record Decoded(String text, String charset, String declaredEncoding, int undecodableBytes) { }

    private static final Pattern COOKIE = Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");
    private static final Pattern BLANK_OR_COMMENT = Pattern.compile("^[ \\t\\f]*(#.*)?$");

    private SourceDecoder() {
    }

    public static Decoded decode(byte[] bytes) {
        int offset = 0;
        Charset charset = StandardCharsets.UTF_8;
        String declared = null;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            offset = 3;
        } else {
            declared = findCookie(bytes);
            if (declared != null) {
                Charset cs = lookup(declared);
                if (cs != null) {
                    charset = cs;
                }
            }
        }
        int[] bad = new int[1];
        String text = decodeCounting(bytes, offset, charset, bad);
        return new Decoded(normalizeNewlines(text), charset.name(), declared, bad[0]);
    }

    /** CRLF and lone CR to LF. */
    public static String normalizeNewlines(String text) {
        if (text.indexOf('\r') < 0) {
            return text;
        }
        String lf = text.replace("\r\n", "\n");
        return lf.indexOf('\r') < 0 ? lf : lf.replace('\r', '\n');
    }

    static String findCookie(byte[] bytes) {
        // Lines 1 and 2 of the first 2048 bytes; only a line whose first non-blank character is '#' can hold a
        // cookie, and only such a line goes through the regular expressions (a code line ends the search).
        int limit = Math.min(bytes.length, 2048);
        int lineStart = 0;
        for (int i = 0; i < 2; i++) {
            int e = lineStart;
            while (e < limit && bytes[e] != '\n' && bytes[e] != '\r') {
                e++;
            }
            int k = lineStart;
            while (k < e && (bytes[k] == ' ' || bytes[k] == '\t' || bytes[k] == '\f')) {
                k++;
            }
            if (k < e && bytes[k] == '#') {
                String line = new String(bytes, lineStart, e - lineStart, StandardCharsets.ISO_8859_1);
                Matcher m = COOKIE.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
                if (!BLANK_OR_COMMENT.matcher(line).matches()) {
                    return null;
                }
            } else if (k < e) {
                return null;
            }
            if (e >= limit) {
                break;
            }
            lineStart = e + (bytes[e] == '\r' && e + 1 < limit && bytes[e + 1] == '\n' ? 2 : 1);
        }
        return null;
    }

    /** Python codec name to a Java charset, or null when Java has none. */
    static Charset lookup(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        if (n.equals("utf8") || n.startsWith("utf-8")) {
            return StandardCharsets.UTF_8;
        }
        if (n.equals("latin-1") || n.equals("iso-latin-1") || n.equals("latin1") || n.equals("l1")) {
            return StandardCharsets.ISO_8859_1;
        }
        if (n.equals("ascii") || n.equals("us-ascii")) {
            return StandardCharsets.US_ASCII;
        }
        try {
            return Charset.isSupported(n) ? Charset.forName(n) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decodeCounting(byte[] bytes, int offset, Charset charset, int[] bad) {
        if (charset == StandardCharsets.UTF_8 || charset == StandardCharsets.ISO_8859_1
                || charset == StandardCharsets.US_ASCII) {
            boolean ascii = true;
            for (int i = offset; i < bytes.length; i++) {
                if (bytes[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                return new String(bytes, offset, bytes.length - offset, StandardCharsets.ISO_8859_1);
            }
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        CharBuffer out = CharBuffer.allocate(Math.max(16, (int) ((bytes.length - offset) * (double) decoder.averageCharsPerByte()) + 16));
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                r = decoder.flush(out);
                if (r.isOverflow()) {
                    out = grow(out);
                    continue;
                }
                break;
            }
            if (r.isOverflow()) {
                out = grow(out);
                continue;
            }
            // malformed or unmappable
            int len = r.length();
            bad[0] += len;
            in.position(in.position() + len);
            if (!out.hasRemaining()) {
                out = grow(out);
            }
            out.put('\uFFFD');
        }
        out.flip();
        return out.toString();
    }

    private static CharBuffer grow(CharBuffer out) {
        CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + 16);
        out.flip();
        bigger.put(out);
        return bigger;
    }
}
