package dev.fang.featurize.features;

import java.util.HashMap;
import java.util.Map;

/** Entropy and character-class helpers. */
final class Texts {

    private Texts() {
    }

    /** Shannon entropy (bits per character) of the characters of {@code s}, at most its first {@code limit}. */
    static double entropy(CharSequence s, int limit) {
        int n = Math.min(s.length(), limit);
        if (n == 0) {
            return 0;
        }
        int[] ascii = new int[128];
        Map<Character, Integer> other = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128) {
                ascii[c]++;
            } else {
                if (other == null) {
                    other = new HashMap<>();
                }
                other.merge(c, 1, Integer::sum);
            }
        }
        double h = 0;
        for (int k : ascii) {
            h += term(k, n);
        }
        if (other != null) {
            for (int k : other.values()) {
                h += term(k, n);
            }
        }
        return h;
    }

    /**
     * Entropy (bits, at most 2) of the characters of {@code s} after mapping each to one of four classes:
     * digit, upper-case letter, lower-case letter, anything else.
     */
    static double classEntropy(CharSequence s, int limit) {
        int n = Math.min(s.length(), limit);
        if (n == 0) {
            return 0;
        }
        int[] k = new int[4];
        for (int i = 0; i < n; i++) {
            k[charClass(s.charAt(i))]++;
        }
        double h = 0;
        for (int x : k) {
            h += term(x, n);
        }
        return h;
    }

    static int charClass(char c) {
        return CHAR_CLASSES[c];
    }

    /** {@link #charClass} of every char, looked up: text outside ASCII made the Unicode tables a hot spot. */
    private static final byte[] CHAR_CLASSES = new byte[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            CHAR_CLASSES[c] = (byte) (Character.isDigit(c) ? 0 : Character.isUpperCase(c) ? 1 : Character.isLowerCase(c) ? 2 : 3);
        }
    }

    private static double term(int k, int n) {
        if (k == 0) {
            return 0;
        }
        double p = (double) k / n;
        return -p * (Math.log(p) / Math.log(2));
    }

    /** Rounds to 4 decimals so values are stable across platforms and easy to read. */
    static double round(double x) {
        return Math.round(x * 10_000.0) / 10_000.0;
    }
}
