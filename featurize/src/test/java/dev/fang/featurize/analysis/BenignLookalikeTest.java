package dev.fang.featurize.analysis;

import static dev.fang.featurize.analysis.Analyze.call;
import static dev.fang.featurize.analysis.Analyze.source;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ordinary code that resembles obfuscation must not be reported as obfuscated. */
class BenignLookalikeTest {

    private static void assertNothingObfuscated(ModuleAnalysis a) {
        assertThat(a.apiUses()).noneMatch(ApiUse::obfuscated);
        assertThat(a.payloads()).isEmpty();
        assertThat(a.truncated()).isFalse();
    }

    @Test
    void importingASubmoduleIsPlain() {
        ModuleAnalysis a = source("import os.path\nimport os\np = os.path.join(os.path.dirname(__file__), 'data')\n");
        assertNothingObfuscated(a);
        assertThat(call(a, "os.path.join").how()).isEmpty();
        assertThat(call(a, "os.path.dirname").how()).isEmpty();
    }

    @Test
    void getattrWithAVariableNameResolvesNothing() {
        ModuleAnalysis a = source("""
                class Config:
                    def get(self, name, default=None):
                        return getattr(self, name, default)
                """);
        assertNothingObfuscated(a);
        assertThat(a.apiUses()).extracting(ApiUse::api).containsExactly("builtins.getattr");
    }

    @Test
    void joiningAVariableIsNotFolded() {
        ModuleAnalysis a = source("def slug(parts):\n    return '-'.join(parts)\n");
        assertNothingObfuscated(a);
        assertThat(a.strings()).extracting(StringConstant::value).containsExactly("-");
        assertThat(a.strings()).noneMatch(StringConstant::decoded);
    }

    @Test
    void anOrdinaryPackageInitReExportIsPlain() {
        ModuleAnalysis a = source("""
                \"\"\"A client library.\"\"\"
                from .core import Client, connect
                from .errors import *
                from . import utils
                __version__ = '1.2.3'
                __all__ = ['Client', 'connect', 'utils']
                """);
        assertNothingObfuscated(a);
        assertThat(a.strings()).noneMatch(StringConstant::decoded);
    }

    @Test
    void aTypicalSetupScriptIsPlain() {
        ModuleAnalysis a = source("""
                import os
                from setuptools import setup, find_packages
                here = os.path.abspath(os.path.dirname(__file__))
                with open(os.path.join(here, 'README.md'), encoding='utf-8') as f:
                    long_description = f.read()
                setup(
                    name='example',
                    version='0.1.0',
                    packages=find_packages(exclude=['tests']),
                    long_description=long_description,
                    install_requires=['requests>=2'],
                )
                """);
        assertNothingObfuscated(a);
        assertThat(call(a, "setuptools.setup").keywords())
                .containsExactly("name", "version", "packages", "long_description", "install_requires");
        assertThat(call(a, "?.read").line()).isEqualTo(5);
    }

    @Test
    void formattingWithVariablesAndDocstringsWithCodeAreNotPayloads() {
        ModuleAnalysis a = source("""
                def greet(name):
                    \"\"\"Example:

                        import os
                        os.system('ls')
                    \"\"\"
                    return f'hello {name}' + ' and %s' % name
                """);
        assertNothingObfuscated(a);
        assertThat(a.strings()).noneMatch(StringConstant::decoded);
    }
}
