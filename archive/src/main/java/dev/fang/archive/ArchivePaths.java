package dev.fang.archive;

import dev.fang.archive.UnsafeArchiveException.Reason;
import java.util.ArrayList;
import java.util.List;

/** Validation and normalization of entry names. */
final class ArchivePaths {

    private ArchivePaths() {
    }

    /**
     * A checked entry name.
     *
     * @param path           normalized path, empty for the archive root ({@code ./})
     * @param trailingSlash  the stored name ended with a separator (a directory in zip and tar)
     */
    record Checked(String path, boolean trailingSlash) {
    }

    /**
     * Checks a raw entry name and returns it normalized: backslashes are separators, {@code .} and empty
     * components are dropped. Refuses NUL bytes, absolute paths, {@code ..} anywhere and names beyond the limits.
     */
    static Checked check(String raw, ArchiveLimits limits) throws UnsafeArchiveException {
        if (raw == null || raw.isEmpty()) {
            throw Refusals.of(Reason.CORRUPT, "", "archive has an entry with an empty name");
        }
        if (raw.length() > limits.maxPathLength()) {
            throw Refusals.of(Reason.PATH_TOO_LONG, raw, "entry " + Refusals.quote(raw) + " has a name of "
                    + String.format("%,d", raw.length()) + " characters, over the limit of "
                    + String.format("%,d", limits.maxPathLength()));
        }
        if (raw.indexOf('\0') >= 0) {
            throw Refusals.of(Reason.CORRUPT, raw, "entry " + Refusals.quote(raw)
                    + " has a NUL byte in its name, which no file system accepts (a malformed or crafted archive)");
        }
        String s = raw.replace('\\', '/');
        if (s.startsWith("/") || (s.length() >= 2 && isAsciiLetter(s.charAt(0)) && s.charAt(1) == ':')) {
            throw Refusals.of(Reason.ABSOLUTE_PATH, raw, "entry " + Refusals.quote(raw)
                    + " has an absolute path and would be written outside the archive root");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        int n = s.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || s.charAt(i) == '/') {
                String part = s.substring(start, i);
                start = i + 1;
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (isDotDot(part)) {
                    throw Refusals.of(Reason.PATH_TRAVERSAL, raw, "entry " + Refusals.quote(raw)
                            + " escapes the archive root (path traversal)");
                }
                parts.add(part);
            }
        }
        if (parts.size() > limits.maxPathDepth()) {
            throw Refusals.of(Reason.PATH_TOO_DEEP, raw, "entry " + Refusals.quote(raw) + " is "
                    + parts.size() + " path components deep, over the limit of " + limits.maxPathDepth());
        }
        return new Checked(String.join("/", parts), s.endsWith("/"));
    }

    /**
     * {@code ..}, and names made only of dots and spaces with at least two dots ({@code ...}, {@code .. }),
     * which Windows trims to {@code ..}.
     */
    private static boolean isDotDot(String part) {
        if (part.equals("..")) {
            return true;
        }
        int dots = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c != ' ') {
                return false;
            }
        }
        return dots >= 2;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
