package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.analysis.ApiUse;
import dev.fang.featurize.analysis.ModuleAnalysis;
import dev.fang.featurize.analysis.ModuleAnalyzer;
import dev.fang.featurize.features.PackageContents;
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
                "vars(os)", "import_module(", "modules[", "type(os).__getattribute__(os,", "__import__('builtins')", "exec.__call__");
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
        int recovered = 0;
        int total = 0;
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
                total += 3;
                recovered += (int) List.of("os.system", "subprocess.Popen", "builtins.exec").stream().filter(obfuscatedApis::contains).count();
            }
        }
        // Every form above is one the analyzer is meant to see through; allow no misses.
        assertThat(recovered).as("obfuscated calls resolved to their canonical API").isEqualTo(total);
    }
}
