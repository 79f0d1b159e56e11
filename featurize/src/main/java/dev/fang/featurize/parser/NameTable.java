package dev.fang.featurize.parser;

/**
 * The distinct ASCII names of one lexed text, one {@code String} each. Every occurrence of a name gets the same
 * text object, so the analysis and the features, which look names up in hash maps and sets over and over,
 * find them by reference with a hash computed once, and no token allocates its own copy.
 */
final class NameTable {

    /** Beyond this many distinct names (machine-made code), further new names are no longer kept. */
    private static final int MAX_NAMES = 1 << 16;

    private String[] slots = new String[256];
    private int count;

    /** The name made of the code points [start, start + len) of the text, all ASCII. */
    String intern(CodePointText text, int start, int len) {
        int hash = 0;
        for (int i = start; i < start + len; i++) {
            hash = 31 * hash + text.at(i);   // String.hashCode of the same characters
        }
        int mask = slots.length - 1;
        for (int k = spread(hash) & mask; slots[k] != null; k = (k + 1) & mask) {
            String s = slots[k];
            if (s.hashCode() == hash && sameText(s, text, start, len)) {
                return s;
            }
        }
        String name = text.text(start, len);
        if (count < MAX_NAMES) {
            if (2 * (count + 1) > slots.length) {
                grow();
            }
            put(name);
            count++;
        }
        return name;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private static boolean sameText(String s, CodePointText text, int start, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != text.at(start + i)) {
                return false;
            }
        }
        return true;
    }

    private void put(String name) {
        int mask = slots.length - 1;
        int k = spread(name.hashCode()) & mask;
        while (slots[k] != null) {
            k = (k + 1) & mask;
        }
        slots[k] = name;
    }

    private void grow() {
        String[] old = slots;
        slots = new String[old.length * 2];
        for (String s : old) {
            if (s != null) {
                put(s);
            }
        }
    }
}
