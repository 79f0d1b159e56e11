package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares what our parser extracts with what CPython's {@code ast} module extracts from the same files
 * ({@link CpythonOracle}): the machine's own CPython standard library, a large benign corpus that needs no download.
 * {@code fang oracle} runs the same comparison on the Debian corpus.
 */
class CpythonOracleAgreementTest {

    /** Share of files whose imports and calls (with lines) must match CPython exactly. */
    static final double IMPORTS_AND_CALLS_TARGET = 0.995;
    /** Share of files whose str/bytes literal values (with lines) must match CPython exactly. */
    static final double STRINGS_TARGET = 0.99;

    @Test
    void importsCallsAndStringsAgreeWithCpythonAstOnTheStandardLibrary(@TempDir Path tmp) throws Exception {
        Path stdlib = Path.of(run(List.of("python3", "-c",
                "import sysconfig;print(sysconfig.get_paths()['stdlib'])")).trim());
        List<Path> corpus;
        try (Stream<Path> s = Files.walk(stdlib)) {
            corpus = s.filter(p -> p.toString().endsWith(".py"))
                    .filter(p -> !p.toString().contains("site-packages") && !p.toString().contains("dist-packages"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        assertThat(corpus).as("python files in %s", stdlib).hasSizeGreaterThan(500);

        CpythonOracle.Result r = CpythonOracle.compare(corpus, p -> stdlib.relativize(p).toString(), tmp, "python3", 25);

        System.out.printf("CPython oracle: %d files compared (%d rejected by CPython itself, skipped), %.1f MB,"
                + " our parse+extract %.1f s%n", r.compared(), r.rejectedByCpython(), r.bytes() / 1e6, r.parseSeconds());
        System.out.printf("  imports identical: %d, calls identical: %d, both: %d (%.3f%%), strings identical: %d (%.3f%%)%n",
                r.importsAgree(), r.callsAgree(), r.importsAndCallsAgree(), 100 * r.importsAndCallsRate(),
                r.stringsAgree(), 100 * r.stringsRate());
        r.mismatches().forEach(m -> System.out.println("  mismatch: " + m));

        assertThat(r.compared()).isGreaterThan(500);
        assertThat(r.importsAndCallsRate()).as("share of files with identical imports and calls")
                .isGreaterThanOrEqualTo(IMPORTS_AND_CALLS_TARGET);
        assertThat(r.stringsRate()).as("share of files with identical string literals").isGreaterThanOrEqualTo(STRINGS_TARGET);
    }

    @Test
    void countsTheFilesThatAgreeAndLeavesOutThoseCpythonRejects(@TempDir Path tmp) throws Exception {
        Path good = Files.writeString(tmp.resolve("good.py"), "import os as o\no.system('x')\ns = b'\\x00'\n");
        Path rejected = Files.writeString(tmp.resolve("py2.py"), "print 'hello'\n");
        Path work = Files.createDirectories(tmp.resolve("work"));

        CpythonOracle.Result r = CpythonOracle.compare(List.of(good, rejected), p -> p.getFileName().toString(), work,
                "python3", 5);

        assertThat(r.compared()).isEqualTo(1);
        assertThat(r.rejectedByCpython()).isEqualTo(1);
        assertThat(r.importsAndCallsAgree()).isEqualTo(1);
        assertThat(r.stringsAgree()).isEqualTo(1);
        assertThat(r.mismatches()).isEmpty();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit status of %s: %s", command, text).isZero();
        return text;
    }
}
