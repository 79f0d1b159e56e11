package dev.fang.robustness;

/** Writes Python literals in ASCII with single quotes, so they fit anywhere an expression may go. */
final class PyRepr {
    private PyRepr() {
    }

    /** A str literal of {@code value} (any code points, including astral ones). */
    static String str(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        value.codePoints().forEach(cp -> escape(cp, out));
        return out.append('\'').toString();
    }

    /** A bytes literal of {@code latin1} (one char per byte, each below 256). */
    static String bytes(String latin1) {
        StringBuilder out = new StringBuilder(latin1.length() + 3).append("b'");
        latin1.chars().forEach(b -> escape(b, out));
        return out.append('\'').toString();
    }

    /** A literal of the same type as the original: bytes or str. */
    static String literal(String value, boolean bytes) {
        return bytes ? bytes(value) : str(value);
    }

    private static void escape(int cp, StringBuilder out) {
        switch (cp) {
            case '\\' -> out.append("\\\\");
            case '\'' -> out.append("\\'");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (cp >= 0x20 && cp < 0x7f) {
                    out.append((char) cp);
                } else if (cp < 0x100) {
                    out.append(String.format("\\x%02x", cp));
                } else if (cp < 0x10000) {
                    out.append(String.format("\\u%04x", cp));
                } else {
                    out.append(String.format("\\U%08x", cp));
                }
            }
        }
    }
}
