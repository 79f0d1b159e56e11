package dev.fang.featurize.analysis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * The decoders behind constant folding, written to Python's semantics where it matters and lenient where
 * Python would raise (a decoder that fails returns null). Every decoder is bounded: output beyond
 * {@code maxOut} bytes throws {@link TooLarge} instead of allocating it.
 */
final class Codecs {

    /** Output would exceed the bound. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("decoded value exceeds the size bound", null, false, false);
        }
    }

    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String B85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
    private static final int[] B64_INDEX = index(B64);
    private static final int[] B85_INDEX = index(B85);

    private Codecs() {
    }

    private static int[] index(String alphabet) {
        int[] idx = new int[128];
        java.util.Arrays.fill(idx, -1);
        for (int i = 0; i < alphabet.length(); i++) {
            idx[alphabet.charAt(i)] = i;
        }
        return idx;
    }

    // ---- byte/char conversions ---------------------------------------------------------------------------

    /** One char per byte; null if a char is above U+00FF (a str that is not ASCII-compatible input). */
    static byte[] latin1(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                return null;
            }
            out[i] = (byte) c;
        }
        return out;
    }

    static String chars(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Strict UTF-8 decoding of one-char-per-byte text, or null when it is not valid UTF-8. */
    static String utf8OrNull(String bytes) {
        byte[] b = latin1(bytes);
        if (b == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Strict decoding with a codec Python names {@code encoding} (normalised: lower case, {@code _} for {@code -}) when
     * Java knows it under the same name ({@code gb2312}, {@code gbk}, {@code big5}, {@code shift_jis}, {@code cp1252},
     * {@code utf_16}, {@code koi8_r}, ...); null for an unknown codec or bytes it cannot decode.
     */
    static String decodeCharset(String bytes, String encoding) {
        byte[] b = latin1(bytes);
        if (b == null || encoding.isEmpty()) {
            return null;
        }
        String name = encoding.startsWith("cp") && encoding.length() == 6 && encoding.charAt(2) == '1'
                ? "windows-" + encoding.substring(2) : encoding.replace('_', '-');
        try {
            return java.nio.charset.Charset.forName(name).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return null;
        }
    }

    /** UTF-8 with U+FFFD for bad sequences ({@code errors='replace'}). */
    static String utf8Lenient(String bytes) {
        byte[] b = latin1(bytes);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static String utf8Encode(String text) {
        return chars(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- base-N ------------------------------------------------------------------------------------------

    /**
     * Python's {@code b64decode} with {@code validate=False}: characters outside the alphabet are dropped,
     * decoding stops at padding. {@code urlsafe} reads {@code -_} in place of {@code +/}.
     */
    static byte[] base64(byte[] in, char alt62, char alt63, int maxOut) {
        if ((long) in.length * 3 / 4 > maxOut + 3L) {
            throw new TooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, in.length * 3 / 4));
        int acc = 0;
        int bits = 0;
        int quads = 0;
        for (byte x : in) {
            int c = x & 0xFF;
            int v;
            if (c == alt62) {
                v = 62;
            } else if (c == alt63) {
                v = 63;
            } else if (c == '=') {
                break;
            } else if (c < 128) {
                v = B64_INDEX[c];
            } else {
                v = -1;
            }
            if (v < 0) {
                continue;
            }
            acc = (acc << 6) | v;
            bits += 6;
            quads++;
            if (bits >= 8) {
                bits -= 8;
                out.write((acc >> bits) & 0xFF);
            }
        }
        if (quads % 4 == 1) {
            return null; // Python: invalid number of data characters
        }
        return out.toByteArray();
    }

    static byte[] base32(byte[] in, int maxOut) {
        if ((long) in.length * 5 / 8 > maxOut + 5L) {
            throw new TooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long acc = 0;
        int bits = 0;
        for (byte x : in) {
            int c = x & 0xFF;
            int v;
            if (c >= 'A' && c <= 'Z') {
                v = c - 'A';
            } else if (c >= 'a' && c <= 'z') {
                v = c - 'a';
            } else if (c >= '2' && c <= '7') {
                v = c - '2' + 26;
            } else if (c == '=' || c == '\n' || c == '\r' || c == ' ') {
                continue;
            } else {
                return null;
            }
            acc = (acc << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write((int) (acc >> bits) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    /** Hex digits, whitespace ignored ({@code bytes.fromhex}, {@code unhexlify}, {@code b16decode}). */
    static byte[] hex(byte[] in, int maxOut) {
        if (in.length / 2 > maxOut) {
            throw new TooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 1);
        int hi = -1;
        for (byte x : in) {
            int c = x & 0xFF;
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0) {
                return null;
            }
            if (hi < 0) {
                hi = d;
            } else {
                out.write(hi * 16 + d);
                hi = -1;
            }
        }
        return hi >= 0 ? null : out.toByteArray();
    }

    /** {@code base64.b85decode}. */
    static byte[] base85(byte[] in, int maxOut) {
        if ((long) in.length * 4 / 5 > maxOut + 4L) {
            throw new TooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = in.length;
        for (int i = 0; i < n; i += 5) {
            long acc = 0;
            int len = Math.min(5, n - i);
            for (int k = 0; k < 5; k++) {
                int v;
                if (k < len) {
                    int c = in[i + k] & 0xFF;
                    v = c < 128 ? B85_INDEX[c] : -1;
                    if (v < 0) {
                        return null;
                    }
                } else {
                    v = 84;
                }
                acc = acc * 85 + v;
            }
            if (acc > 0xFFFFFFFFL) {
                return null;
            }
            int bytes = len == 5 ? 4 : len - 1;
            for (int k = 0; k < bytes; k++) {
                out.write((int) (acc >> (24 - 8 * k)) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    /** {@code base64.a85decode}: {@code z} for four zero bytes, whitespace ignored, Adobe framing accepted. */
    static byte[] ascii85(byte[] in, int maxOut) {
        String s = chars(in).strip();
        if (s.startsWith("<~")) {
            s = s.substring(2);
        }
        if (s.endsWith("~>")) {
            s = s.substring(0, s.length() - 2);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] group = new int[5];
        int g = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\u000B') {
                continue;
            }
            if (c == 'z' && g == 0) {
                out.write(0);
                out.write(0);
                out.write(0);
                out.write(0);
            } else if (c >= '!' && c <= 'u') {
                group[g++] = c - '!';
                if (g == 5) {
                    if (!emit85(group, 5, out)) {
                        return null;
                    }
                    g = 0;
                }
            } else {
                return null;
            }
            if (out.size() > maxOut) {
                throw new TooLarge();
            }
        }
        if (g == 1) {
            return null;
        }
        if (g > 0) {
            for (int k = g; k < 5; k++) {
                group[k] = 84;
            }
            if (!emit85(group, g, out)) {
                return null;
            }
        }
        return out.toByteArray();
    }

    private static boolean emit85(int[] group, int len, ByteArrayOutputStream out) {
        long acc = 0;
        for (int k = 0; k < 5; k++) {
            acc = acc * 85 + group[k];
        }
        if (acc > 0xFFFFFFFFL) {
            return false;
        }
        int bytes = len == 5 ? 4 : len - 1;
        for (int k = 0; k < bytes; k++) {
            out.write((int) (acc >> (24 - 8 * k)) & 0xFF);
        }
        return true;
    }

    static String rot13(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) ('a' + (c - 'a' + 13) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) ('A' + (c - 'A' + 13) % 26);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    // ---- decompression -----------------------------------------------------------------------------------

    /**
     * {@code zlib.decompress(data, wbits)}: 8..15 zlib header, -8..-15 raw deflate, 24..31 gzip, 40..47 either
     * (auto-detected).
     */
    static byte[] zlib(byte[] in, int wbits, int maxOut) {
        boolean gzip = wbits >= 16 + 8 && wbits <= 16 + 15;
        if (wbits >= 32 + 8 && wbits <= 32 + 15) {
            gzip = in.length >= 2 && (in[0] & 0xFF) == 0x1F && (in[1] & 0xFF) == 0x8B;
        }
        if (gzip) {
            return gzip(in, maxOut);
        }
        Inflater inflater = new Inflater(wbits < 0);
        try {
            inflater.setInput(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxOut, Math.max(64, in.length * 4)));
            byte[] buf = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0) {
                    if (inflater.needsInput() || inflater.needsDictionary()) {
                        return null; // truncated stream or preset dictionary: Python raises
                    }
                }
                if (out.size() + n > maxOut) {
                    throw new TooLarge();
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    static byte[] gzip(byte[] in, int maxOut) {
        try (InputStream s = new GZIPInputStream(new ByteArrayInputStream(in), 8192)) {
            return readBounded(s, maxOut);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TooLarge t) {
                throw t;
            }
            return null;
        }
    }

    /** {@code lzma.decompress} in its default auto format: an {@code .xz} stream or a legacy {@code .lzma} one. */
    static byte[] lzma(byte[] in, int maxOut) {
        int memoryLimitKiB = 64 * 1024;
        boolean xz = in.length >= 6 && (in[0] & 0xFF) == 0xFD && in[1] == '7' && in[2] == 'z' && in[3] == 'X'
                && in[4] == 'Z' && in[5] == 0;
        try (InputStream s = xz ? new org.tukaani.xz.XZInputStream(new ByteArrayInputStream(in), memoryLimitKiB)
                : new org.tukaani.xz.LZMAInputStream(new ByteArrayInputStream(in), memoryLimitKiB)) {
            return readBounded(s, maxOut);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TooLarge t) {
                throw t;
            }
            return null;
        }
    }

    /** {@code bz2.decompress}: one or more concatenated bzip2 streams. */
    static byte[] bz2(byte[] in, int maxOut) {
        try (InputStream s = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(
                new ByteArrayInputStream(in), true)) {
            return readBounded(s, maxOut);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TooLarge t) {
                throw t;
            }
            return null;
        }
    }

    private static byte[] readBounded(InputStream s, int maxOut) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        while (true) {
            int n = s.read(buf);
            if (n < 0) {
                return out.toByteArray();
            }
            if (out.size() + n > maxOut) {
                throw new TooLarge();
            }
            out.write(buf, 0, n);
        }
    }
}
