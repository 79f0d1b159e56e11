package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.analysis.ApiUse;
import dev.fang.featurize.analysis.ModuleAnalysis;
import dev.fang.featurize.analysis.ModuleAnalyzer;
import dev.fang.featurize.features.FeatureResult;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rewritten calls are never run here: only text and our own analyzer's view of them are checked. */
class ApiObfuscationTest {
    private static final String SOURCE = """
            import os
            import subprocess

            def go(cmd):
                os.system(cmd)
                subprocess.Popen(cmd, shell=True)
                exec(cmd)
            """;

    private static String obfuscated(String source, long seed, Transformation... transformations) {
        PackageContents pkg = Fixtures.pkg("setup.py", source);
        for (Transformation t : transformations) {
            pkg = t.apply(pkg, 1.0, seed);
        }
        return Fixtures.text(pkg, "setup.py");
    }

    @Test
    void shouldRewriteEveryCallSite() {
        for (long seed = 1; seed <= 20; seed++) {
            String text = obfuscated(SOURCE, seed, new ApiObfuscation());
            assertThat(text).as(text).doesNotContain("os.system(cmd)", "subprocess.Popen(cmd", "    exec(cmd)");
        }
    }

    @Test
    void shouldUseEveryFormOverManySeeds() {
        StringBuilder all = new StringBuilder();
        for (long seed = 1; seed <= 200; seed++) {
            all.append(obfuscated(SOURCE, seed, new ApiObfuscation()));
        }
        assertThat(all).contains("__import__(", "getattr(os,", "os.__dict__[", "os.__getattribute__(", ".system.__call__",
                "vars(os)", "import_module(", "modules[", "type(os).__getattribute__(os,", "vars(__import__(", "exec.__call__",
                "getattr(globals()[");
    }

    @Test
    void shouldLeaveFilesWithAStarImportAlone() {
        String source = "import os\nfrom helpers import *\ndef f(x):\n    os.system(x)\n    exec(x)\n";
        assertThat(obfuscated(source, 1, new ApiObfuscation())).isEqualTo(source);
    }

    @Test
    void shouldLeaveRebindingModulesAndBuiltinsAlone() {
        String source = "import os\nos = None\nexec = print\ndef f(x):\n    os.system(x)\n    exec(x)\n";
        String text = obfuscated(source, 1, new ApiObfuscation());
        assertThat(text).isEqualTo(source);
    }

    @Test
    void shouldStillBeResolvedByOurAnalyzerAsObfuscatedUseOfTheSameApis() {
        ModuleAnalyzer analyzer = new ModuleAnalyzer();
        List<String> missed = new java.util.ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            for (Transformation[] chain : List.of(new Transformation[] {new ApiObfuscation()},
                    new Transformation[] {new ApiObfuscation(), new StringObfuscation()})) {
                String text = obfuscated(SOURCE, seed, chain);
                ModuleAnalysis analysis = analyzer.analyze("setup.py", text.getBytes(StandardCharsets.UTF_8));
                Set<String> obfuscatedApis = new HashSet<>();
                for (ApiUse use : analysis.apiUses()) {
                    if (use.call() && use.obfuscated()) {
                        obfuscatedApis.add(use.api());
                    }
                }
                for (String api : List.of("os.system", "subprocess.Popen", "builtins.exec")) {
                    if (!obfuscatedApis.contains(api)) {
                        missed.add(api + " in\n" + text);
                    }
                }
            }
        }
        assertThat(missed).as("obfuscated calls not resolved to their canonical API").isEmpty();
    }

    @Test
    void shouldKeepTheFeaturizersCommandExecutionCountsAndRaiseItsApiObfuscationCount() {
        PackageFeaturizer featurizer = new PackageFeaturizer();
        String source = "import os\nimport subprocess\n\ndef go(cmd):\n    os.system(cmd)\n    subprocess.Popen(cmd, shell=True)\n";
        FeatureResult plain = featurizer.featurize(Fixtures.pkg("setup.py", source));
        assertThat(plain.value("install_obf_api_references")).isZero();
        for (long seed = 1; seed <= 20; seed++) {
            String text = obfuscated(source, seed, new ApiObfuscation(), new StringObfuscation());
            FeatureResult hidden = featurizer.featurize(Fixtures.pkg("setup.py", text));
            assertThat(hidden.value("install_api_cmd_shell")).as(text).isGreaterThanOrEqualTo(plain.value("install_api_cmd_shell"));
            assertThat(hidden.value("install_api_cmd_process")).as(text).isGreaterThanOrEqualTo(plain.value("install_api_cmd_process"));
            assertThat(hidden.value("install_obf_api_references")).as(text).isPositive();
        }
    }
}
