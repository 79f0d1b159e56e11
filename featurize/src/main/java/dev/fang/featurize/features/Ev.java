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

    /** Line breaks and NULs as spaces, in one pass (evidence is made for every counted site, most of it dropped). */
    private static String blank(String s) {
        char[] chars = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0000') {
                if (chars == null) {
                    chars = s.toCharArray();
                }
                chars[i] = ' ';
            }
        }
        return chars == null ? s : new String(chars);
    }
}
