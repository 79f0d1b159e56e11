package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenamingTest {
    private static String renamed(String source, long seed) {
        return Fixtures.text(new Renaming().apply(Fixtures.pkg("pkg/mod.py", source), 1.0, seed), "pkg/mod.py");
    }

    @Test
    void shouldAliasPlainImportsAndRenameTheirUses() {
        String text = renamed("import os\nimport json\n\ndef f(path):\n    return os.path.exists(path), json.dumps(path)\n", 7);
        assertThat(text).containsPattern("import os as [a-z]+\n").containsPattern("import json as [a-z]+\n")
                .doesNotContain("os.path.exists", "json.dumps").contains(".path.exists(path)", ".dumps(path)");
    }

    @Test
    void shouldRenameLocalsButNotParametersAttributesKeywordsOrGlobals() {
        String source = """
                counter = 0

                def work(items, scale=2):
                    global counter
                    total = 0
                    for item in items:
                        total += item * scale
                    result = dict(total=total)
                    result_obj = type('R', (), {})()
                    result_obj.total = total
                    counter += 1
                    return result, result_obj.total
                """;
        String text = renamed(source, 3);
        assertThat(text).contains("def work(items, scale=2):", "global counter", "counter += 1", "dict(total=",
                ".total = ", "* scale").doesNotContain("    total = 0", "for item in");
    }

    @Test
    void shouldLeaveFunctionsWithDynamicLookupsAlone() {
        String source = "def f():\n    secret = 1\n    return locals()['secret']\n";
        assertThat(renamed(source, 1)).isEqualTo(source);
    }

    @Test
    void shouldNotRenameAnImportAnotherFileTakesFromThisModule() {
        String source = "import json\nprint(json.dumps(1))\n";
        var pkg = Fixtures.pkg("pkg/a.py", source, "pkg/b.py", "from pkg.a import json\n");
        assertThat(Fixtures.text(new Renaming().apply(pkg, 1.0, 1), "pkg/a.py")).isEqualTo(source);
    }
}
