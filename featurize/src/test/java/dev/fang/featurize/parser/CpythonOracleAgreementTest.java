package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares what our parser extracts with what CPython's {@code ast} module extracts from the same files: the
 * machine's own CPython standard library, a large benign corpus. The reference helper is
 * {@code python_oracle.py}; it runs once over the corpus and writes one JSON line per file.
 */
class CpythonOracleAgreementTest {

    /** Share of files whose imports and calls (with lines) must match CPython exactly. */
    static final double IMPORTS_AND_CALLS_TARGET = 0.995;
    /** Share of files whose str/bytes literal values (with lines) must match CPython exactly. */
    static final double STRINGS_TARGET = 0.99;

    private static final int SHOWN_MISMATCHES = 25;

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
                    .collect(Collectors.toList());
        }
        assertThat(corpus).as("python files in %s", stdlib).hasSizeGreaterThan(500);

        Path script = tmp.resolve("python_oracle.py");
        try (InputStream in = getClass().getResourceAsStream("python_oracle.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path list = tmp.resolve("files.txt");
        Files.write(list, corpus.stream().map(Path::toString).collect(Collectors.toList()), StandardCharsets.UTF_8);
        Path out = tmp.resolve("oracle.jsonl");
        run(List.of("python3", script.toString(), list.toString(), out.toString()));

        ObjectMapper json = new ObjectMapper();
        PythonFrontEnd frontEnd = new PythonFrontEnd();
        int compared = 0;
        int rejectedByCpython = 0;
        int importsAndCallsAgree = 0;
        int stringsAgree = 0;
        int importsAgree = 0;
        int callsAgree = 0;
        List<String> mismatches = new ArrayList<>();
        long parseNanos = 0;
        long bytes = 0;
        try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode rec = json.readTree(line);
                if (!rec.get("ok").asBoolean()) {
                    rejectedByCpython++;
                    continue;
                }
                Path file = Path.of(rec.get("path").asText());
                byte[] content = Files.readAllBytes(file);
                bytes += content.length;
                long t0 = System.nanoTime();
                ParsedFile parsed = frontEnd.parse(file.toString(), content);
                PythonFacts facts = PythonExtractor.extract(parsed);
                parseNanos += System.nanoTime() - t0;
                compared++;

                Map<String, Integer> expImports = bag(rec.get("imports"));
                Map<String, Integer> expCalls = bag(rec.get("calls"));
                Map<String, Integer> expStrings = bag(rec.get("strings"));
                Map<String, Integer> gotImports = new HashMap<>();
                for (PythonFacts.Import i : facts.imports()) {
                    add(gotImports, key(i.module(), i.name(), i.alias(), i.line()));
                }
                Map<String, Integer> gotCalls = new HashMap<>();
                for (PythonFacts.Call c : facts.calls()) {
                    add(gotCalls, key(c.callee(), c.line()));
                }
                Map<String, Integer> gotStrings = new HashMap<>();
                for (PythonFacts.StringValue s : facts.strings()) {
                    if (s.kind() != PythonFacts.StringValue.Kind.FSTRING) {
                        add(gotStrings, key(s.kind().name(), s.value(), s.line()));
                    }
                }
                boolean iOk = expImports.equals(gotImports);
                boolean cOk = expCalls.equals(gotCalls);
                boolean sOk = expStrings.equals(gotStrings);
                importsAgree += iOk ? 1 : 0;
                callsAgree += cOk ? 1 : 0;
                importsAndCallsAgree += iOk && cOk ? 1 : 0;
                stringsAgree += sOk ? 1 : 0;
                if (!(iOk && cOk && sOk) && mismatches.size() < SHOWN_MISMATCHES) {
                    StringBuilder sb = new StringBuilder(stdlib.relativize(file).toString())
                            .append(" [quality ").append(parsed.report().quality()).append("]");
                    if (!iOk) {
                        sb.append(diff("imports", expImports, gotImports));
                    }
                    if (!cOk) {
                        sb.append(diff("calls", expCalls, gotCalls));
                    }
                    if (!sOk) {
                        sb.append(diff("strings", expStrings, gotStrings));
                    }
                    mismatches.add(sb.toString());
                }
            }
        }
        double icRate = (double) importsAndCallsAgree / compared;
        double sRate = (double) stringsAgree / compared;
        System.out.printf("CPython oracle: %d files compared (%d rejected by CPython itself, skipped), %.1f MB,"
                        + " our parse+extract %.1f s%n", compared, rejectedByCpython, bytes / 1e6, parseNanos / 1e9);
        System.out.printf("  imports identical: %d (%.3f%%), calls identical: %d (%.3f%%), both: %d (%.3f%%),"
                        + " strings identical: %d (%.3f%%)%n",
                importsAgree, 100.0 * importsAgree / compared, callsAgree, 100.0 * callsAgree / compared,
                importsAndCallsAgree, 100 * icRate, stringsAgree, 100 * sRate);
        mismatches.forEach(m -> System.out.println("  mismatch: " + m));

        assertThat(compared).isGreaterThan(500);
        assertThat(icRate).as("share of files with identical imports and calls").isGreaterThanOrEqualTo(
                IMPORTS_AND_CALLS_TARGET);
        assertThat(sRate).as("share of files with identical string literals").isGreaterThanOrEqualTo(STRINGS_TARGET);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit status of %s: %s", command, text).isZero();
        return text;
    }

    private static Map<String, Integer> bag(JsonNode rows) {
        Map<String, Integer> m = new HashMap<>();
        for (JsonNode row : rows) {
            Object[] parts = new Object[row.size()];
            for (int i = 0; i < row.size(); i++) {
                JsonNode v = row.get(i);
                parts[i] = v.isNull() ? null : v.isInt() ? (Object) v.asInt() : v.asText();
            }
            add(m, key(parts));
        }
        return m;
    }

    private static String key(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            sb.append(p == null ? "\u2205" : p.toString()).append('\u241F');
        }
        return sb.toString();
    }

    private static void add(Map<String, Integer> bag, String key) {
        bag.merge(key, 1, Integer::sum);
    }

    private static String diff(String what, Map<String, Integer> expected, Map<String, Integer> got) {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        expected.forEach((k, n) -> {
            if (got.getOrDefault(k, 0) < n) {
                missing.add(show(k));
            }
        });
        got.forEach((k, n) -> {
            if (expected.getOrDefault(k, 0) < n) {
                extra.add(show(k));
            }
        });
        return "\n      " + what + ": missing " + missing.stream().limit(4).collect(Collectors.toList())
                + (missing.size() > 4 ? " +" + (missing.size() - 4) : "")
                + ", unexpected " + extra.stream().limit(4).collect(Collectors.toList())
                + (extra.size() > 4 ? " +" + (extra.size() - 4) : "");
    }

    private static String show(String key) {
        String s = key.replace('\u241F', '|');
        s = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return s.replace("\n", "\\n");
    }
}
