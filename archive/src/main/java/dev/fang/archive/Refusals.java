package dev.fang.archive;

import dev.fang.archive.UnsafeArchiveException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/** Builds {@link UnsafeArchiveException}s with one-sentence messages a user can act on. */
final class Refusals {

    private static final int MAX_KEPT_NAME = 4096;
    private static final int MAX_SHOWN_NAME = 200;

    private Refusals() {
    }

    static UnsafeArchiveException of(Reason reason, String entry, String message) {
        return new UnsafeArchiveException(reason, keep(entry), message);
    }

    static UnsafeArchiveException corrupt(String entry, String what, Throwable cause) {
        String where = entry == null || entry.isEmpty() ? "" : " at entry " + quote(entry);
        return new UnsafeArchiveException(Reason.CORRUPT, keep(entry),
                "archive is corrupt or truncated" + where + ": " + what, cause);
    }

    /** Describes a low-level decoding failure in plain words. */
    static String describe(IOException e) {
        String msg = e.getMessage();
        if (e.getClass().getSimpleName().equals("MemoryLimitException")) {
            return "decompressing it would need more memory than allowed, as a decompression bomb would"
                    + (msg == null ? "" : " [" + msg + "]");
        }
        if (e instanceof EOFException || (msg != null && msg.toLowerCase(Locale.ROOT).contains("unexpected end"))
                || (msg != null && msg.toLowerCase(Locale.ROOT).contains("truncated"))) {
            return "the data ends unexpectedly (incomplete download or cut-off file)"
                    + (msg == null ? "" : " [" + msg + "]");
        }
        return (msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg);
    }

    /** The entry name in double quotes, control characters escaped and cut to a readable length. */
    static String quote(String name) {
        if (name == null) {
            return "\"\"";
        }
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_SHOWN_NAME) + 8).append('"');
        int shown = Math.min(name.length(), MAX_SHOWN_NAME);
        for (int i = 0; i < shown; i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (name.length() > shown) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    /** "67,108,864 bytes (64.0 MiB)". */
    static String bytes(long n) {
        String exact = String.format(Locale.ROOT, "%,d bytes", n);
        if (n < 1024) {
            return exact;
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return exact + String.format(Locale.ROOT, " (%.1f %s)", v, units[u]);
    }

    static String ratio(double r) {
        return r == Math.rint(r) ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r);
    }

    private static String keep(String entry) {
        if (entry == null) {
            return "";
        }
        return entry.length() <= MAX_KEPT_NAME ? entry : entry.substring(0, MAX_KEPT_NAME);
    }
}
