package dev.fang.featurize.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written scanners of {@link Indicators} (one-pass indicator matching with regex prefilters, base64
 * and hex runs, URL and IPv4 search) find exactly what the plain regular expressions and per-indicator
 * {@code contains} checks they replace find, on random strings built from the fragments that matter; so do the
 * character-class table and the machine-made-name matcher of {@link FileFeatures}.
 */
class IndicatorScannerEquivalenceTest {

    private static final String[] FRAGMENTS = {"nc", "ncat", "netcat", ".exe", " -e ", " -", "-c", " /c ", "/k", "cmd",
        "chmod", " +x", "777", "curl", "wget", " | ", "|sh", "bash", "http", "https", "HTTP", "ftp", "wss", "ws", "tcp",
        "udp", "://", "/", "\\", "\\\\", "tdata", "metadata", "cookies", "network", "default", "programs", "startup",
        "chrome", "edge", "user data", "local storage", "leveldb", "atomic", "ethereum", "keystore", "0x", "bc1",
        "deadbeef", "0123456789abcdef", "ABCDEF", "=", "==", "__", "_", "+", "8.8.8.8", "1.2.3.4:8080", "10.0.0.1",
        "255.", "1.", ".", "..", "v", "version", "==1.2.3.4", "ÿ", "é", "ª", "\u0301", "Ω", "\t", "\n", "\r", "\f",
        "\u000B", " ", "x", "Z", "q9", "mfa.", ".ssh/", "id_rsa", "discord", "api.telegram.org/bot", "pastebin.com",
        "powershell -enc ", "currentversion\\run", "~/.profile", "reverse shell", "{", "}", "'", "\"", "<", ">", "@",
        ":", "?", "#", ")", ";", ",", "localhost", "example.com", "bit.ly", "%", "a", "b", "c", "0", "9"};

    private static String randomString(Random r) {
        StringBuilder b = new StringBuilder();
        int parts = r.nextInt(60);
        for (int i = 0; i < parts; i++) {
            int k = r.nextInt(10);
            if (k == 0) {
                // a long run of base64 or hex characters
                String alphabet = r.nextBoolean() ? "ABCDEFabcdef0123456789" : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-";
                int n = 30 + r.nextInt(60);
                for (int j = 0; j < n; j++) {
                    b.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
            } else if (k == 1) {
                b.append((char) r.nextInt(0x3000));
            } else {
                b.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
            }
        }
        return b.toString();
    }

    @Test
    void scannersAgreeWithTheRegularExpressions() {
        Random r = new Random(20261125);
        for (int n = 0; n < 60_000; n++) {
            String s = randomString(r);
            String lower = s.toLowerCase(Locale.ROOT);
            assertThat(Indicators.match(lower)).as("match %s", lower).isEqualTo(referenceMatch(lower));
            assertThat(Indicators.match(s)).as("match %s", s).isEqualTo(referenceMatch(s));
            assertThat(Indicators.base64Chunks(s)).as("base64 %s", s).isEqualTo(referenceBase64(s));
            assertThat(Indicators.hexChunks(s)).as("hex %s", s).isEqualTo(referenceHex(s));
            assertThat(urlSpans(s)).as("urls %s", s).isEqualTo(referenceUrlSpans(s));
            if (!Indicators.ipShape(s)) {
                assertThat(Indicators.IPV4.matcher(s).find()).as("ip %s", s).isFalse();
            }
        }
    }

    @Test
    void characterClassesAgreeWithCharacter() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            int expected = Character.isDigit(c) ? 0 : Character.isUpperCase(c) ? 1 : Character.isLowerCase(c) ? 2 : 3;
            assertThat(Texts.charClass((char) c)).as("char %d", c).isEqualTo(expected);
        }
    }

    @Test
    void machineMadeNamesAgreeWithTheRegularExpressions() {
        Pattern lookAlikes = Pattern.compile("_*[Il1]{6,}_*");
        Pattern zeroes = Pattern.compile("_*[O0o]{6,}_*");
        Pattern hex = Pattern.compile("_{0,2}0x[0-9a-fA-F]{3,}");
        String[] pieces = {"_", "__", "I", "l", "1", "O", "0", "o", "0x", "x", "a", "f", "F", "g", "9", "Z", "é", "lI1lI1"};
        Random r = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int parts = r.nextInt(12); parts > 0; parts--) {
                b.append(pieces[r.nextInt(pieces.length)]);
            }
            String id = b.toString();
            if (id.length() >= 20 && id.indexOf('_') < 0) {
                continue;   // the digits-and-both-cases rule, not written as a regex
            }
            boolean expected = lookAlikes.matcher(id).matches() && id.indexOf('I') >= 0 && (id.indexOf('l') >= 0 || id.indexOf('1') >= 0)
                    || zeroes.matcher(id).matches() && id.indexOf('O') >= 0 && id.indexOf('0') >= 0
                    || hex.matcher(id).matches();
            assertThat(FileFeatures.machineMade(id)).as("identifier %s", id).isEqualTo(expected);
        }
    }

    private static List<Indicators.Indicator> referenceMatch(String lower) {
        List<Indicators.Indicator> out = new ArrayList<>();
        if (lower.length() < 4) {
            return out;
        }
        for (Indicators.Indicator i : Indicators.ALL) {
            if (i.matches(lower)) {
                out.add(i);
            }
        }
        return out;
    }

    private static List<String> referenceBase64(String s) {
        List<String> out = new ArrayList<>();
        if (s.length() < 40) {
            return out;
        }
        Matcher m = Indicators.BASE64.matcher(s);
        while (m.find() && out.size() < 1000) {
            String chunk = m.group();
            int upper = 0;
            int lower = 0;
            int digit = 0;
            for (int i = 0; i < chunk.length(); i++) {
                char ch = chunk.charAt(i);
                if (ch >= 'A' && ch <= 'Z') {
                    upper++;
                } else if (ch >= 'a' && ch <= 'z') {
                    lower++;
                } else if (ch >= '0' && ch <= '9') {
                    digit++;
                }
            }
            int n = chunk.length();
            if (upper * 10 >= n && lower * 10 >= n && digit > 0 && !chunk.contains("__")) {
                out.add(chunk);
            }
        }
        return out;
    }

    private static List<String> referenceHex(String s) {
        List<String> out = new ArrayList<>();
        if (s.length() < 64) {
            return out;
        }
        Matcher m = Indicators.HEX.matcher(s);
        while (m.find() && out.size() < 1000) {
            String chunk = m.group();
            boolean letters = false;
            for (int i = 0; i < chunk.length() && !letters; i++) {
                letters = Character.isLetter(chunk.charAt(i));
            }
            if (letters) {
                out.add(chunk);
            }
        }
        return out;
    }

    private static List<String> urlSpans(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = Indicators.URL.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
        int from = 0;
        while (Indicators.nextUrl(m, s, from)) {
            out.add(m.start() + "-" + m.end());
            from = m.end();
        }
        return out;
    }

    private static List<String> referenceUrlSpans(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = Indicators.URL.matcher(s);
        while (m.find()) {
            out.add(m.start() + "-" + m.end());
        }
        return out;
    }
}
