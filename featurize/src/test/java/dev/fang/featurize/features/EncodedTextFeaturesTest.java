package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static dev.fang.featurize.features.Fixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The base64 and hex chunk features describe the encoded text a setup script decodes, however the script writes it:
 * as a literal, or re-encoded as hex, as a byte list, in pieces, reversed. Hand-written, harmless fixtures; nothing runs.
 */
class EncodedTextFeaturesTest {

    static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();

    static final String GREETING = "print('fang fixture: this harmless line only prints a greeting and the answer', 6 * 7)  # ";
    /** A harmless payload of 135 bytes: its base64 text is 180 characters long, without padding. */
    static final String PAYLOAD = GREETING + ".".repeat(135 - GREETING.length());
    static final String ENCODED = Base64.getEncoder().encodeToString(PAYLOAD.getBytes(StandardCharsets.UTF_8));

    static FeatureResult setupDecoding(String encodedExpression) {
        FeatureResult r = FEATURIZER.featurize(pkg("demo-1.0/setup.py", lines(
                "import base64",
                "from setuptools import setup",
                "exec(base64.b64decode(" + encodedExpression + "))",
                "setup(name='demo', version='1.0')")));
        assertThat(r.partial()).as("partial: %s", r.notes()).isFalse();
        return r;
    }

    static void assertSameChunksAsTheLiteral(FeatureResult r) {
        assertThat(r.value("install_base64_chunks")).isEqualTo(1);
        assertThat(r.value("install_base64_chunk_length_max")).isEqualTo(ENCODED.length());
        assertThat(r.value("install_hex_chunks")).isZero();
    }

    static String quoted(String s) {
        return "'" + s + "'";
    }

    static String byteList(String s) {
        StringJoiner list = new StringJoiner(", ", "[", "]");
        for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
            list.add(Integer.toString(b));
        }
        return list.toString();
    }

    @Test
    void shouldCountTheBase64LiteralOnceWhenItIsDecodedInPlace() {
        assertThat(PAYLOAD).hasSize(135);
        assertSameChunksAsTheLiteral(setupDecoding(quoted(ENCODED)));
    }

    @Test
    void shouldSeeTheSameBase64TextThroughAHexReEncoding() {
        String hex = HexFormat.of().formatHex(ENCODED.getBytes(StandardCharsets.US_ASCII));
        assertSameChunksAsTheLiteral(setupDecoding("bytes.fromhex(" + quoted(hex) + ").decode()"));
    }

    @Test
    void shouldSeeTheSameBase64TextThroughAByteList() {
        assertSameChunksAsTheLiteral(setupDecoding("bytes(" + byteList(ENCODED) + ").decode('utf-8')"));
    }

    @Test
    void shouldCountSplitPiecesAsTheTextTheyJoinInto() {
        String a = ENCODED.substring(0, 60);
        String b = ENCODED.substring(60, 125);
        String c = ENCODED.substring(125);
        assertSameChunksAsTheLiteral(setupDecoding("''.join([" + quoted(a) + ", " + quoted(b) + ", " + quoted(c) + "])"));
        assertSameChunksAsTheLiteral(setupDecoding(quoted(a) + " + " + quoted(b) + " + " + quoted(c)));
    }

    @Test
    void shouldSeeTheSameBase64TextThroughAReversalOrABase64ReEncoding() {
        assertSameChunksAsTheLiteral(setupDecoding(quoted(new StringBuilder(ENCODED).reverse().toString()) + "[::-1]"));
        String twice = Base64.getEncoder().encodeToString(ENCODED.getBytes(StandardCharsets.US_ASCII));
        assertSameChunksAsTheLiteral(setupDecoding("base64.b64decode(" + quoted(twice) + ").decode('utf-8')"));
    }

    @Test
    void shouldSeeTheSameBase64TextWhenTheReEncodedTextIsKeptInAVariable() {
        String hex = HexFormat.of().formatHex(ENCODED.getBytes(StandardCharsets.US_ASCII));
        FeatureResult r = FEATURIZER.featurize(pkg("demo-1.0/setup.py", lines(
                "import base64",
                "BLOB = bytes.fromhex(" + quoted(hex) + ").decode()",
                "exec(base64.b64decode(BLOB))")));
        assertSameChunksAsTheLiteral(r);
        assertThat(r.evidenceFor("install_base64_chunk_length_max"))
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
