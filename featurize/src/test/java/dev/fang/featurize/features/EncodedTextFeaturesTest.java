package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static dev.fang.featurize.features.Fixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The base64 and hex chunk features count encoded text the code holds but does not decode in sight, however the code
 * writes it: as a literal, re-encoded as hex, as a byte list, in pieces, reversed. Text a decoder in sight consumes
 * counts as what it decodes to (a payload), so string obfuscation, which encodes literals, adds no chunk.
 * Hand-written, harmless fixtures; nothing runs.
 */
class EncodedTextFeaturesTest {

    static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();

    static final String GREETING = "print('fang fixture: this harmless line only prints a greeting and the answer', 6 * 7)  # ";
    /** A harmless payload of 135 bytes: its base64 text is 180 characters long, without padding. */
    static final String PAYLOAD = GREETING + ".".repeat(135 - GREETING.length());
    static final String ENCODED = Base64.getEncoder().encodeToString(PAYLOAD.getBytes(StandardCharsets.UTF_8));

    /** A setup script that decodes the text and runs it. */
    static FeatureResult setupDecoding(String encodedExpression) {
        return setupWith("exec(base64.b64decode(" + encodedExpression + "))");
    }

    /** A setup script that sends the text away as it is. */
    static FeatureResult setupSending(String encodedExpression) {
        return setupWith("urllib.request.urlopen('https://example.com/upload', data=(" + encodedExpression + ").encode())");
    }

    static FeatureResult setupWith(String statement) {
        return featurize(lines(
                "import base64, urllib.request",
                "from setuptools import setup",
                statement,
                "setup(name='demo', version='1.0')"));
    }

    static FeatureResult featurize(String setup) {
        FeatureResult r = FEATURIZER.featurize(pkg("demo-1.0/setup.py", setup));
        assertThat(r.partial()).as("partial: %s", r.notes()).isFalse();
        return r;
    }

    static void assertDecodedWithoutChunks(FeatureResult r) {
        assertThat(r.value("install_dec_payloads")).as("the payload is decoded").isEqualTo(1);
        assertThat(r.value("install_base64_chunks")).isZero();
        assertThat(r.value("install_base64_chunk_length_max")).isZero();
        assertThat(r.value("install_hex_chunks")).isZero();
    }

    static void assertSameChunksAsTheLiteral(FeatureResult r) {
        assertThat(r.value("install_base64_chunks")).isEqualTo(1);
        assertThat(r.value("install_base64_chunk_length_max")).isEqualTo(ENCODED.length());
        assertThat(r.value("install_hex_chunks")).isZero();
    }

    static String quoted(String s) {
        return "'" + s + "'";
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }

    static String byteList(String s) {
        StringJoiner list = new StringJoiner(", ", "[", "]");
        for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
            list.add(Integer.toString(b));
        }
        return list.toString();
    }

    /** The ways {@link #ENCODED} is written below: as a literal, and folded from re-encodings, pieces, a reversal. */
    static List<String> writings() {
        String twice = Base64.getEncoder().encodeToString(ENCODED.getBytes(StandardCharsets.US_ASCII));
        return List.of(
                quoted(ENCODED),
                "bytes.fromhex(" + quoted(hex(ENCODED)) + ").decode()",
                "bytes(" + byteList(ENCODED) + ").decode('utf-8')",
                "''.join([" + quoted(ENCODED.substring(0, 60)) + ", " + quoted(ENCODED.substring(60, 125)) + ", "
                        + quoted(ENCODED.substring(125)) + "])",
                quoted(ENCODED.substring(0, 60)) + " + " + quoted(ENCODED.substring(60)),
                quoted(new StringBuilder(ENCODED).reverse().toString()) + "[::-1]",
                "base64.b64decode(" + quoted(twice) + ").decode('utf-8')");
    }

    @Test
    void textDecodedInSightCountsAsWhatItDecodesToHoweverItIsWritten() {
        assertThat(PAYLOAD).hasSize(135);
        for (String writing : writings()) {
            assertDecodedWithoutChunks(setupDecoding(writing));
        }
    }

    @Test
    void textSentAwayUndecodedCountsOnceHoweverItIsWritten() {
        for (String writing : writings()) {
            assertSameChunksAsTheLiteral(setupSending(writing));
        }
    }

    @Test
    void aReEncodingKeptInAVariableIsSeenThroughToTheDecoder() {
        FeatureResult r = featurize(lines(
                "import base64",
                "BLOB = bytes.fromhex(" + quoted(hex(ENCODED)) + ").decode()",
                "exec(base64.b64decode(BLOB))"));
        assertDecodedWithoutChunks(r);
        FeatureResult sent = featurize(lines(
                "import urllib.request",
                "BLOB = bytes.fromhex(" + quoted(hex(ENCODED)) + ").decode()",
                "urllib.request.urlopen('https://example.com/upload', data=BLOB.encode())"));
        assertSameChunksAsTheLiteral(sent);
        assertThat(sent.evidenceFor("install_base64_chunk_length_max"))
                .anySatisfy(e -> assertThat(e.getLine()).isEqualTo(2));
    }

    @Test
    void shouldStillCountAHexDigestAndABase64LiteralThatNoCodeDecodes() {
        String digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        FeatureResult r = FEATURIZER.featurize(pkg("demo-1.0/setup.py", lines(
                "SHA256 = " + quoted(digest),
                "TOKEN = " + quoted(ENCODED))));
        assertThat(r.value("install_hex_chunks")).isEqualTo(1);
        assertThat(r.value("install_base64_chunks")).isEqualTo(1);
        assertThat(r.value("install_base64_chunk_length_max")).isEqualTo(ENCODED.length());
    }
}
