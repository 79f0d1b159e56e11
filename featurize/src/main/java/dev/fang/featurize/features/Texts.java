package dev.fang.featurize.features;

import java.util.HashMap;
import java.util.Map;

/** Entropy and character-class helpers. */
final class Texts {

    private Texts() {
    }

    /**
     * Counts of the chars of a text, reused from text to text: both entropies are read off one pass over the text
     * (the class of a char is a function of the char, so class counts are sums of char counts).
     */
    static final class CharCounts {
        private final int[] ascii = new int[128];
        private Map<Character, Integer> other;
        private int n;

        /** Forgets the counts. */
        void clear() {
            java.util.Arrays.fill(ascii, 0);
            other = null;
            n = 0;
        }

        /** Counts the chars of {@code s}, at most its first {@code limit}. */
        void add(CharSequence s, int limit) {
            int count = Math.min(s.length(), limit);
            for (int i = 0; i < count; i++) {
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
            n += count;
        }

        /** Shannon entropy (bits per character) of the chars counted. */
        double entropy() {
            if (n == 0) {
                return 0;
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
         * Entropy (bits, at most 2) of the chars counted after mapping each to one of four classes: digit,
         * upper-case letter, lower-case letter, anything else.
         */
        double classEntropy() {
            if (n == 0) {
                return 0;
            }
            int[] k = new int[4];
            for (int c = 0; c < 128; c++) {
                k[CHAR_CLASSES[c]] += ascii[c];
            }
            if (other != null) {
                for (Map.Entry<Character, Integer> e : other.entrySet()) {
                    k[CHAR_CLASSES[e.getKey()]] += e.getValue();
                }
            }
            double h = 0;
            for (int x : k) {
                h += term(x, n);
            }
            return h;
        }
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
