package dev.fang.featurize.parser;

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
import java.util.function.Function;

/**
 * Fang's parser held against CPython's: for each file, what {@link PythonExtractor} finds — imports with their
 * aliases, calls with their lines, str and bytes literals with their values and lines — next to what CPython's
 * {@code ast} module finds ({@code python_oracle.py}, run once over all the files). A file agrees on a kind when
 * both give the same multiset.
 *
 * <p>Give it benign files only: CPython only parses them, but malware is never handed to it.
 */
public final class CpythonOracle {

    /** How long CPython may take over all the files. */
    private static final long ORACLE_MINUTES = 60;
    private static final int SHOWN_PER_KIND = 4;

    /**
     * Agreement over a corpus.
     *
     * @param compared          files CPython parsed, and so compared
     * @param rejectedByCpython files CPython itself refused (syntax errors, another Python version), left out
     * @param bytes             bytes of the compared files
     * @param parseSeconds      Fang's parse and extraction time over them
     * @param mismatches        the first files that disagree on anything, each with what differs
     */
    public record Result(int compared, int rejectedByCpython, long bytes, double parseSeconds, int importsAgree,
                         int callsAgree, int importsAndCallsAgree, int stringsAgree, List<String> mismatches) {

        public double importsAndCallsRate() {
            return compared == 0 ? 0 : (double) importsAndCallsAgree / compared;
        }

        public double stringsRate() {
            return compared == 0 ? 0 : (double) stringsAgree / compared;
        }
    }

    private CpythonOracle() {
    }

    /**
     * Compares the files. {@code name} says how a file is shown in a mismatch; {@code work} is a directory for the
     * oracle's script, its file list and output; at most {@code shownMismatches} are described.
     */
    public static Result compare(List<Path> files, Function<Path, String> name, Path work, String python,
                                 int shownMismatches) throws IOException, InterruptedException {
        Path script = work.resolve("python_oracle.py");
        try (InputStream in = CpythonOracle.class.getResourceAsStream("python_oracle.py")) {
            if (in == null) {
                throw new IOException("python_oracle.py is missing from the classpath");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path list = work.resolve("files.txt");
        Files.write(list, files.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
        Path out = work.resolve("oracle.jsonl");
        runOracle(List.of(python, script.toString(), list.toString(), out.toString()));

        ObjectMapper json = new ObjectMapper();
        PythonFrontEnd frontEnd = new PythonFrontEnd();
        int compared = 0;
        int rejected = 0;
        int importsAgree = 0;
        int callsAgree = 0;
        int bothAgree = 0;
        int stringsAgree = 0;
        long bytes = 0;
        long parseNanos = 0;
        List<String> mismatches = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode rec = json.readTree(line);
                if (!rec.get("ok").asBoolean()) {
                    rejected++;
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
                Map<String, Integer> expImports = bag(rec.get("imports"));
                Map<String, Integer> expCalls = bag(rec.get("calls"));
                Map<String, Integer> expStrings = bag(rec.get("strings"));
                boolean importsOk = expImports.equals(gotImports);
                boolean callsOk = expCalls.equals(gotCalls);
                boolean stringsOk = expStrings.equals(gotStrings);
                importsAgree += importsOk ? 1 : 0;
                callsAgree += callsOk ? 1 : 0;
                bothAgree += importsOk && callsOk ? 1 : 0;
                stringsAgree += stringsOk ? 1 : 0;
                if (!(importsOk && callsOk && stringsOk) && mismatches.size() < shownMismatches) {
                    StringBuilder sb = new StringBuilder(name.apply(file))
                            .append(" [quality ").append(parsed.report().quality())
                            .append(parsed.report().inputTruncated() ? ", larger than the parser reads: cut" : "").append("]");
                    if (!importsOk) {
                        sb.append(diff("imports", expImports, gotImports));
                    }
                    if (!callsOk) {
                        sb.append(diff("calls", expCalls, gotCalls));
                    }
                    if (!stringsOk) {
                        sb.append(diff("strings", expStrings, gotStrings));
                    }
                    mismatches.add(sb.toString());
                }
            }
        }
        return new Result(compared, rejected, bytes, parseNanos / 1e9, importsAgree, callsAgree, bothAgree, stringsAgree,
                mismatches);
    }

    private static void runOracle(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(ORACLE_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("the CPython oracle did not finish within " + ORACLE_MINUTES + " minutes");
        }
        if (p.exitValue() != 0) {
            throw new IOException("the CPython oracle exited with " + p.exitValue() + ": "
                    + new String(output, StandardCharsets.UTF_8).strip());
        }
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
        return "\n      " + what + ": missing " + firstFew(missing) + ", unexpected " + firstFew(extra);
    }

    private static String firstFew(List<String> items) {
        return items.stream().limit(SHOWN_PER_KIND).toList()
                + (items.size() > SHOWN_PER_KIND ? " +" + (items.size() - SHOWN_PER_KIND) : "");
    }

    private static String show(String key) {
        String s = key.replace('\u241F', '|');
        s = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return s.replace("\n", "\\n");
    }
}
