package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files at the edges of the format: each transformation either rewrites them validly or leaves them alone. */
class OddFilesTest {
    @TempDir
    Path temp;

    private static final Map<String, byte[]> FILES = Map.of(
            "pkg/empty.py", new byte[0],
            "pkg/comments_only.py", "# just a comment\n# another\n".getBytes(StandardCharsets.UTF_8),
            "pkg/no_final_newline.py", "import os\nprint(os.getcwd(), 'x')".getBytes(StandardCharsets.UTF_8),
            "pkg/crlf.py", "import os\r\nif True:\r\n    print('a', os.sep)\r\n".getBytes(StandardCharsets.UTF_8),
            "pkg/bom.py", "\uFEFF'''doc'''\nx = 'value'\nprint(x)\n".getBytes(StandardCharsets.UTF_8),
            "pkg/tabs.py", "def f():\n\tvalue = 'tab'\n\treturn value\n".getBytes(StandardCharsets.UTF_8),
            "pkg/docstring_only.py", "\"\"\"Only a docstring, no newline\"\"\"".getBytes(StandardCharsets.UTF_8),
            "pkg/__init__.py", "# -*- coding: utf-8 -*-\nimport os\nos.getcwd()\n".getBytes(StandardCharsets.UTF_8),
            "pkg/latin1.py", "# -*- coding: latin-1 -*-\ns = 'caf\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1),
            "pkg/broken.py", "def f(:\n    x = 'kept as is'\n".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldRewriteOddFilesValidlyAndLeaveUnparsableOnesAlone() throws Exception {
        List<SourceFile> sources = FILES.entrySet().stream().map(e -> new SourceFile(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparing(SourceFile::path)).toList();
        PackageContents pkg = new PackageContents("odd", "1", sources.stream().map(SourceFile::path).toList(), sources);
        for (String name : Transformations.names()) {
            for (long seed = 1; seed <= 3; seed++) {
                PackageContents out = Transformations.apply(pkg, List.of(name), 1.0, seed);
                assertThat(Fixtures.text(out, "pkg/broken.py")).isEqualTo(new String(FILES.get("pkg/broken.py"), StandardCharsets.UTF_8));
                assertThat(out.sources().stream().filter(f -> f.path().equals("pkg/latin1.py")).findFirst().orElseThrow().content())
                        .isEqualTo(FILES.get("pkg/latin1.py"));
                long changed = out.sources().stream().filter(f -> !java.util.Arrays.equals(f.content(), FILES.get(f.path()))).count();
                assertThat(changed).as(name + " rewrote some odd file").isPositive();
                List<SourceFile> valid = out.sources().stream().filter(f -> !f.path().equals("pkg/broken.py")).toList();
                Path dir = temp.resolve(name + seed);
                new PackageFiles(new PackageContents("odd", "1", valid.stream().map(SourceFile::path).toList(), valid), Map.of()).write(dir);
                Python.Result parsed = Python.parsesAll(dir);
                assertThat(parsed.exitCode()).as(name + " seed " + seed + ": " + parsed.stderr()).isZero();
            }
        }
    }
}
