package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.testkit.archives.FixtureArchives;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fang oracle` on a directory of benign archives: CPython's ast and Fang's parser read the same files. */
class OracleCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldCompareEveryPythonFileOfTheArchivesWithCpythonAndWriteTheReport() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.write(corpus.resolve("tiny-1.0.tar.gz"), FixtureArchives.sdistTarGz("tiny", "1.0", Map.of(
                "tiny/__init__.py", "from os import path as p\nprint(p.join('a', 'b'))\n",
                "tiny/py2.py", "print 'CPython 3 rejects this file'\n",
                "README.txt", "not Python")));
        Files.write(corpus.resolve("other-2.0.zip"), FixtureArchives.zip(Map.of(
                "other/m.py", "import base64\nx = base64.b64decode(b'aGk=')\n")));
        Path report = dir.resolve("oracle.md");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = FangCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("oracle", "--benign", corpus.toString(), "--report", report.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(Files.readString(report))
                .contains("| 2 | 2 | 1 |")   // two packages, two files compared, one rejected by CPython
                .contains("**2 (100.000%)**");
    }
}
