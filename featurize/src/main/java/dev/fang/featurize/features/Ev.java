package dev.fang.featurize.features;

/** One place in the code: file, line, short snippet, and the decoded value when decoding produced it. */
record Ev(String file, int line, String snippet, String decoded) {
    static final int SNIPPET = 160;
    static final int DECODED = 200;

    Ev {
        file = file == null ? "" : file;
        line = Math.max(0, line);
        snippet = clip(snippet, SNIPPET);
        decoded = decoded == null ? null : clip(decoded, DECODED);
    }

    static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        // cut before replacing (the replacements keep every char's place): values can be megabytes long
        return s.length() <= max ? blank(s) : blank(s.substring(0, max - 3)) + "...";
    }

    private static String blank(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').replace('\u0000', ' ');
    }
}
