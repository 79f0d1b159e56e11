package dev.fang.featurize.analysis;

import static dev.fang.featurize.analysis.Analyze.call;
import static dev.fang.featurize.analysis.Analyze.source;
import static dev.fang.featurize.analysis.Analyze.uses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which calls are plumbing ({@link ApiUse#folded}): their value is a known constant, or a module or API found by name. */
class FoldedUseTest {

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "base64.b64decode       | import base64; x = base64.b64decode('aGVsbG8=')",
            "builtins.bytes.fromhex | x = bytes.fromhex('6869')",
            "codecs.decode          | import codecs; x = codecs.decode('uryyb', 'rot13')",
            "builtins.bytes         | x = bytes([104, 105])",
            "builtins.chr           | x = chr(104)",
            "zlib.decompress        | import zlib; x = zlib.decompress(b'x\\x9c\\xcbH\\xcd\\xc9\\xc9\\x07\\x00\\x06,\\x02\\x15')",
            "builtins.__import__    | __import__('os').system(c)",
            "importlib.import_module | import importlib; importlib.import_module('os').system(c)",
            "builtins.getattr       | import os; getattr(os, 'system')(c)",
            "builtins.globals       | globals()['__builtins__'].exec(c)",
            "builtins.vars          | import os; vars(os)['system'](c)",
            "sys.modules            | import sys; sys.modules['os'].system(c)",
            "builtins.type          | import os; type(os).__getattribute__(os, 'system')(c)"})
    void shouldFoldPlumbing(String api, String code) {
        List<ApiUse> found = uses(source(code), api);
        assertThat(found).as("%s", found).isNotEmpty().allMatch(ApiUse::folded);
    }

    @Test
    void shouldKeepTheApiADetourResolvesToWithItsDetours() {
        ModuleAnalysis a = source("import os\ngetattr(__import__('o' + 's'), 'system')(c)");
        ApiUse system = call(a, "os.system");
        assertThat(system.folded()).isFalse();
        assertThat(system.how()).contains(Obfuscation.GETATTR, Obfuscation.DYNAMIC_IMPORT);
    }

    @Test
    void shouldNotFoldCallsWhoseValueIsUnknown() {
        ModuleAnalysis a = source("import base64, os\nexec(base64.b64decode('cHJpbnQoMSk='))\nbase64.b64decode(data)\n"
                + "__import__(name)\nos.system('ls')\ngetattr(os, attr)");
        assertThat(call(a, "builtins.exec").folded()).isFalse();
        assertThat(uses(a, "base64.b64decode")).extracting(ApiUse::folded).containsExactly(true, false);
        assertThat(call(a, "builtins.__import__").folded()).isFalse();
        assertThat(call(a, "os.system").folded()).isFalse();
        assertThat(call(a, "builtins.getattr").folded()).isFalse();
    }

    @Test
    void shouldFoldWhatAFoldedCallOnlyMentions() {
        ModuleAnalysis a = source("x = ''.join(map(chr, [104, 105]))\ny = map(chr, data)");
        assertThat(uses(a, "builtins.chr")).extracting(ApiUse::folded).containsExactly(true, false);
    }

    @Test
    void shouldReportAParenthesizedReferenceOnceWhereItIsCalled() {
        ModuleAnalysis a = source("import os\n(getattr(os, 'system').__call__)(c)\n(os.system)(c)\n((os.path).join)(a, b)");
        assertThat(uses(a, "os.system")).hasSize(2).allMatch(ApiUse::call);
        assertThat(uses(a, "os.path.join")).hasSize(1);
        assertThat(uses(a, "os.path")).isEmpty();
    }

    @Test
    void shouldMarkCodeFoundInADecodedConstantThatIsNotRunAsSpeculative() {
        ModuleAnalysis a = source("import base64\nT = base64.b64decode('aW1wb3J0IG9zCm9zLnN5c3RlbSgnaWQnKQo=')\n"
                + "exec(base64.b64decode('aW1wb3J0IHN1YnByb2Nlc3MKc3VicHJvY2Vzcy5jYWxsKCdpZCcpCg=='))");
        assertThat(call(a, "os.system").speculative()).isTrue();
        assertThat(call(a, "subprocess.call").speculative()).isFalse();
        assertThat(a.payloads()).extracting(DecodedPayload::speculative).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void shouldKeepTheModeOfAnOpenCallHoweverItIsWritten() {
        ModuleAnalysis a = source("import base64\nopen(p, base64.b64decode('d2I=').decode())\nopen(p, mode='r')\nopen(p, m)");
        assertThat(uses(a, "builtins.open")).extracting(ApiUse::mode).containsExactly("wb", "r", null);
    }
}
