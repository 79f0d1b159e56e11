package dev.fang.featurize.analysis;

import static dev.fang.featurize.analysis.Analyze.folded;
import static dev.fang.featurize.analysis.Analyze.source;
import static dev.fang.featurize.analysis.Analyze.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConstantFoldingTest {

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] zlib(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(data);
        }
        return out.toByteArray();
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }

    /** Python expression, expected value, expected transforms. */
    static Stream<Arguments> foldingForms() throws IOException {
        byte[] os = "os".getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                Arguments.of("'o' + 's'", "os", List.of()),
                Arguments.of("'o' 's'", "os", List.of()),
                Arguments.of("''.join(['o', 's'])", "os", List.of()),
                Arguments.of("'-'.join(('o', 's'))", "o-s", List.of()),
                Arguments.of("''.join(c for c in ('o', 's'))", "os", List.of()),
                Arguments.of("'%s%s' % ('o', 's')", "os", List.of()),
                Arguments.of("'%c%c' % (111, 115)", "os", List.of()),
                Arguments.of("'{}{}'.format('o', 's')", "os", List.of()),
                Arguments.of("'{b}{a}'.format(a='s', b='o')", "os", List.of()),
                Arguments.of("f\"{'o'}{'s'}\"", "os", List.of()),
                Arguments.of("'so'[::-1]", "os", List.of("reverse")),
                Arguments.of("'oXsX'[::2]", "os", List.of("stride")),
                Arguments.of("'xxosxx'[2:4]", "os", List.of()),
                Arguments.of("''.join(reversed('so'))", "os", List.of("reverse")),
                Arguments.of("chr(111) + chr(115)", "os", List.of("chr")),
                Arguments.of("''.join([chr(0x6f), chr(int('115'))])", "os", List.of("chr")),
                Arguments.of("''.join(map(chr, [111, 115]))", "os", List.of("chr")),
                Arguments.of("''.join(chr(c) for c in [111, 115])", "os", List.of("chr")),
                Arguments.of("bytes([111, 115])", "os", List.of("bytes")),
                Arguments.of("bytearray([0x6f, 0x73])", "os", List.of("bytes")),
                Arguments.of("bytes([111, 115]).decode()", "os", List.of("bytes")),
                Arguments.of("b'os'.decode('utf-8')", "os", List.of()),
                Arguments.of("'os'.encode()", "os", List.of()),
                Arguments.of("bytes.fromhex('" + hex(os) + "')", "os", List.of("hex")),
                Arguments.of("codecs.decode('bf', 'rot13')", "os", List.of("rot13")),
                Arguments.of("codecs.decode('bf', 'rot_13')", "os", List.of("rot13")),
                Arguments.of("codecs.decode(b'6f73', 'hex')", "os", List.of("hex")),
                Arguments.of("codecs.decode('\\\\x6f\\\\x73', 'unicode_escape')", "os", List.of("unicode-escape")),
                Arguments.of("binascii.unhexlify('6f73')", "os", List.of("hex")),
                Arguments.of("binascii.a2b_hex(b'6f73')", "os", List.of("hex")),
                Arguments.of("binascii.a2b_base64('b3M=')", "os", List.of("base64")),
                Arguments.of("base64.b64decode('b3M=')", "os", List.of("base64")),
                Arguments.of("base64.b64decode(b'b3M')", "os", List.of("base64")),
                Arguments.of("base64.urlsafe_b64decode('b3M=')", "os", List.of("base64")),
                Arguments.of("base64.decodebytes(b'b3M=\\n')", "os", List.of("base64")),
                Arguments.of("base64.b32decode('N5ZQ====')", "os", List.of("base32")),
                Arguments.of("base64.b16decode('6F73')", "os", List.of("base16")),
                Arguments.of("base64.b85decode('Z*u')", "os", List.of("base85")),
                Arguments.of("base64.a85decode('DfY')", "os", List.of("ascii85")),
                Arguments.of("zlib.decompress(base64.b64decode('" + b64(zlib(os)) + "'))", "os", List.of("base64", "zlib")),
                Arguments.of("gzip.decompress(base64.b64decode('" + b64(gzip(os)) + "'))", "os", List.of("base64", "gzip")),
                Arguments.of("zlib.decompress(bytes.fromhex('" + hex(zlib(os)) + "'))", "os", List.of("hex", "zlib")),
                Arguments.of("bytes([b ^ 5 for b in b'jv'])", "os", List.of("xor", "bytes")),
                Arguments.of("''.join(chr(ord(c) ^ 5) for c in 'jv')", "os", List.of("xor", "chr")),
                Arguments.of("bytes(a ^ b for a, b in zip(b'jv', itertools.cycle(b'\\x05')))", "os", List.of("xor", "bytes")),
                Arguments.of("bytes([d[i] ^ k[i % len(k)] for i in range(len(d))])", "os", List.of("xor", "bytes")),
                Arguments.of("'oXs'.replace('X', '')", "os", List.of("replace")),
                Arguments.of("'OS'.lower()", "os", List.of()),
                Arguments.of("' os '.strip()", "os", List.of()),
                Arguments.of("'x os'.split()[1]", "os", List.of()),
                Arguments.of("str(1) + 'os'", "1os", List.of()),
                // whole floats print as Python prints them, and int() of one is an int again
                Arguments.of("str(4 / 2) + str(float('3')) + str(int(float('7.0')))", "2.03.07", List.of("float")),
                Arguments.of("''.join(map(chr, [int(float(str('..1.111..9').split('..')[int(float(7 / 7))].split('.')[1])), 115]))",
                        "os", List.of("chr")),
                Arguments.of("'o' * 2 + 's'", "oos", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("foldingForms")
    void constantExpressionsFoldToTheirValueWithTheirTransforms(String expr, String value, List<String> transforms) {
        String code = "import base64, binascii, codecs, gzip, itertools, zlib\nd = b'jv'\nk = b'\\x05'\nv = " + expr + "\n";
        ModuleAnalysis a = source(code);
        StringConstant s = folded(a, value);
        assertThat(s.transforms()).isEqualTo(transforms);
        assertThat(s.line()).isEqualTo(4);
        assertThat(s.depth()).isZero();
        assertThat(a.truncated()).isFalse();
    }

    @Test
    void everyLiteralIsAStringConstantWithoutTransforms() {
        ModuleAnalysis a = source("x = 'hello'\ny = b'\\x00\\xff'\nz = '''doc'''\n");
        assertThat(a.strings()).extracting(StringConstant::value).containsExactly("hello", "\u0000\u00ff", "doc");
        assertThat(a.strings()).allMatch(s -> s.transforms().isEmpty());
        assertThat(a.strings().get(1).snippet()).isEqualTo("b'\\x00\\xff'");
    }

    @Test
    void constantVariablesAreFollowedAtModuleLevelAndInFunctions() {
        ModuleAnalysis a = source("""
                import base64
                k = 'bWFs'
                base64.b64decode(k)
                def f():
                    j = 'Y29kZQ=='
                    return base64.b64decode(j)
                """);
        assertThat(folded(a, "mal").transforms()).containsExactly("base64");
        assertThat(folded(a, "mal").line()).isEqualTo(3);
        assertThat(folded(a, "code").line()).isEqualTo(6);
    }

    @Test
    void aFoldedValueIsReportedOnceWhereFoldingStops() {
        ModuleAnalysis a = source("x = 'a' + 'b' + 'c'\n");
        assertThat(values(a)).containsExactlyInAnyOrder("a", "b", "c", "abc");
        StringConstant abc = folded(a, "abc");
        assertThat(abc.transforms()).isEmpty();
        assertThat(abc.snippet()).isEqualTo("'a' + 'b' + 'c'");
    }

    @Test
    void theConstantPrefixOfAPartlyUnknownConcatenationIsReported() {
        ModuleAnalysis a = source("def f(x):\n    return 'ab' + 'cd' + x\n");
        assertThat(values(a)).contains("abcd");
    }

    @Test
    void decodedBytesThatAreNotUtf8StayBytesOneCharPerByte() {
        ModuleAnalysis a = source("import base64\nx = base64.b64decode('" + b64(new byte[] {(byte) 0xff, 0, 1}) + "')\n");
        assertThat(folded(a, "\u00ff\u0000\u0001").transforms()).containsExactly("base64");
    }

    @Test
    void utf8TextDecodesToText() {
        ModuleAnalysis a = source("import base64\nx = base64.b64decode('" + b64("héllo") + "').decode()\n");
        assertThat(folded(a, "héllo").transforms()).containsExactly("base64");
    }

    @Test
    void lzmaAndBz2PayloadsDecode() throws IOException {
        byte[] data = "import os".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (org.tukaani.xz.XZOutputStream out = new org.tukaani.xz.XZOutputStream(xz, new org.tukaani.xz.LZMA2Options())) {
            out.write(data);
        }
        ByteArrayOutputStream bz = new ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bz)) {
            out.write(data);
        }
        ModuleAnalysis a = source("import base64, lzma, bz2\nx = lzma.decompress(base64.b64decode('" + b64(xz.toByteArray())
                + "'))\ny = bz2.decompress(base64.b64decode('" + b64(bz.toByteArray()) + "'))\n");
        assertThat(a.strings()).filteredOn(s -> s.value().equals("import os")).extracting(StringConstant::transforms)
                .containsExactlyInAnyOrder(List.of("base64", "lzma"), List.of("base64", "bz2"));
    }

    @Test
    void marshalBlobsAreRecordedButNotUnmarshalled() {
        ModuleAnalysis a = source("import marshal, base64\nexec(marshal.loads(base64.b64decode('" + b64(new byte[] {(byte) 0xe3, 1, 2}) + "')))\n");
        assertThat(a.strings()).filteredOn(s -> s.transforms().contains("marshal-blob")).singleElement()
                .satisfies(s -> assertThat(s.transforms()).containsExactly("base64", "marshal-blob"));
        assertThat(a.payloads()).isEmpty();
    }

    @Test
    void invalidEncodingsDoNotFold() {
        ModuleAnalysis a = source("import base64, zlib\nx = zlib.decompress(b'not zlib')\ny = bytes.fromhex('zz')\n");
        assertThat(a.strings()).noneMatch(StringConstant::decoded);
        assertThat(a.truncated()).isFalse();
    }

    @Test
    void stringsBuiltByAugmentedAssignmentCountOnceInTheirLastForm() {
        String payload = "import os\nos.system('echo fang fixture')\n";
        String encoded = b64(payload);
        StringBuilder code = new StringBuilder("import base64\nblob = ''\n");
        for (int i = 0; i < encoded.length(); i += 4) {
            code.append("blob += '").append(encoded, i, Math.min(encoded.length(), i + 4)).append("'\n");
        }
        code.append("url = 'https://'\nurl += 'example.com'\nurl += '/upload'\n");
        code.append("exec(base64.b64decode(blob))\n");
        ModuleAnalysis a = source(code.toString());
        assertThat(values(a)).contains(encoded, "https://example.com/upload")
                .noneMatch(v -> v.length() > 4 && encoded.startsWith(v) && !v.equals(encoded))
                .doesNotContain("https://example.com");
        assertThat(a.encodedTexts()).extracting(EncodedText::value)
                .noneMatch(v -> encoded.startsWith(v) && !v.equals(encoded));   // no piece or prefix held on its own
        assertThat(a.encodedTexts()).filteredOn(t -> t.decodesTo() == null).extracting(EncodedText::value)
                .containsOnlyOnce(encoded);
        assertThat(a.payloads()).singleElement().satisfies(p -> assertThat(p.length()).isEqualTo(payload.length()));
        assertThat(a.apiUses()).anySatisfy(u -> assertThat(u.api()).isEqualTo("os.system"));
    }
}
