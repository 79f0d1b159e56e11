package dev.fang.featurize.parser;

import java.util.Locale;

/** Decodes the source text of Python string and bytes literals into their values, as CPython does. */
public final class PyLiterals {

    /** A decoded literal: bytes are given as one char per byte (ISO-8859-1). */
    public record Literal(String value, boolean bytes) { }

    private PyLiterals() {
    }

    /** Decodes one complete (non-f) string token such as {@code rb'\x00'} or {@code """doc"""}. */
    public static Literal decodeString(String token) {
        int q = prefixLength(token);
        boolean raw = false;
        boolean bytes = false;
        for (int i = 0; i < q; i++) {
            char c = token.charAt(i);
            raw |= c == 'r' || c == 'R';
            bytes |= c == 'b' || c == 'B';
        }
        String body = body(token, q);
        return new Literal(raw ? body : unescape(body, bytes), bytes);
    }

    /**
     * The text between the quotes of one complete (non-f) string token, escapes left as written: {@code \x41}
     * in {@code b'\x41'} stays four characters. An unterminated literal gives everything after its opening quote.
     */
    public static String bodyAsWritten(String token) {
        return body(token, prefixLength(token));
    }

    /** The body of a string token whose prefix letters are its first {@code q} chars (no string made but the body). */
    private static String body(String token, int q) {
        int n = token.length();
        if (q >= n) {
            return "";
        }
        char quote = token.charAt(q);
        int quoteLen = n - q >= 6 && token.charAt(q + 1) == quote && token.charAt(q + 2) == quote ? 3 : 1;
        int bodyStart = q + quoteLen;
        int bodyEnd = n;
        if (bodyEnd - bodyStart >= quoteLen && endsWithQuotes(token, quote, quoteLen)) {
            bodyEnd -= quoteLen;   // else: unterminated, take everything
        }
        return token.substring(bodyStart, Math.max(bodyStart, bodyEnd));
    }

    private static boolean endsWithQuotes(String token, char quote, int count) {
        for (int i = token.length() - count; i < token.length(); i++) {
            if (token.charAt(i) != quote) {
                return false;
            }
        }
        return true;
    }

    /** How many prefix letters a string token starts with ({@code rb} in {@code rb'...'}). */
    private static int prefixLength(String token) {
        int q = 0;
        while (q < token.length() && token.charAt(q) != '\'' && token.charAt(q) != '"') {
            q++;
        }
        return q;
    }

    /** Prefix flags of an f-string start token such as {@code rf"}. */
    public static boolean isRawPrefix(String fstringStart) {
        return fstringStart.toLowerCase(Locale.ROOT).indexOf('r') >= 0;
    }

    /** Decodes literal text inside an f-string: escapes (unless raw) and doubled braces. */
    public static String decodeFStringText(String text, boolean raw) {
        String t = raw ? text : unescape(text, false);
        if (t.indexOf('{') < 0 && t.indexOf('}') < 0) {
            return t;
        }
        return t.replace("{{", "{").replace("}}", "}");
    }

    /** Processes backslash escapes; unknown escapes keep their backslash, as in CPython. */
    public static String unescape(String s, boolean bytes) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                sb.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case '\n' -> { }
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000B');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    int k = 0;
                    while (k < 2 && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                        v = v * 8 + (s.charAt(i) - '0');
                        i++;
                        k++;
                    }
                    sb.append((char) (bytes ? v & 0xFF : v));
                }
                case 'x' -> i = hex(s, i, 2, sb, "\\x");
                case 'u' -> i = bytes ? keep(sb, "\\u", i) : hex(s, i, 4, sb, "\\u");
                case 'U' -> i = bytes ? keep(sb, "\\U", i) : hex(s, i, 8, sb, "\\U");
                case 'N' -> {
                    int close = s.indexOf('}', i);
                    int cp = !bytes && i < n && s.charAt(i) == '{' && close > i
                            ? UnicodeNames.codePoint(s.substring(i + 1, close)) : -1;
                    if (cp >= 0) {
                        sb.appendCodePoint(cp);
                        i = close + 1;
                    } else {
                        sb.append("\\N");
                    }
                }
                default -> {
                    sb.append('\\');
                    sb.append(e);
                }
            }
        }
        return sb.toString();
    }

    private static int keep(StringBuilder sb, String text, int i) {
        sb.append(text);
        return i;
    }

    private static int hex(String s, int i, int digits, StringBuilder sb, String escape) {
        if (i + digits > s.length()) {
            sb.append(escape);
            return i;
        }
        int v = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(s.charAt(i + k), 16);
            if (d < 0) {
                sb.append(escape);
                return i;
            }
            v = v * 16 + d;
        }
        if (Character.isValidCodePoint(v)) {
            sb.appendCodePoint(v);
        } else {
            sb.append(escape).append(s, i, i + digits);
        }
        return i + digits;
    }
}
