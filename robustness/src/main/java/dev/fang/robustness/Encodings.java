package dev.fang.robustness;

/** The base-N encodings Python's {@code base64} module decodes that Java lacks: base32 and base85. */
final class Encodings {
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /** RFC 1924, as {@code base64.b85encode} uses; it has no quote and no backslash. */
    private static final String BASE85 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";

    private Encodings() {
    }

    /** RFC 4648 base32 with padding, what {@code base64.b32decode} expects. */
    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length + 4) / 5 * 8);
        for (int i = 0; i < data.length; i += 5) {
            long block = 0;
            int n = Math.min(5, data.length - i);
            for (int j = 0; j < 5; j++) {
                block = block << 8 | (j < n ? data[i + j] & 0xff : 0);
            }
            int chars = (n * 8 + 4) / 5;
            for (int j = 0; j < 8; j++) {
                out.append(j < chars ? BASE32.charAt((int) (block >>> (35 - 5 * j)) & 31) : '=');
            }
        }
        return out.toString();
    }

    /** Base85 without padding, what {@code base64.b85decode} expects. */
    static String base85(byte[] data) {
        StringBuilder out = new StringBuilder((data.length + 3) / 4 * 5);
        for (int i = 0; i < data.length; i += 4) {
            long block = 0;
            int n = Math.min(4, data.length - i);
            for (int j = 0; j < 4; j++) {
                block = block << 8 | (j < n ? data[i + j] & 0xff : 0);
            }
            char[] digits = new char[5];
            for (int j = 4; j >= 0; j--) {
                digits[j] = BASE85.charAt((int) (block % 85));
                block /= 85;
            }
            out.append(digits, 0, n + 1);
        }
        return out.toString();
    }
}
