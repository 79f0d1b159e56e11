package dev.fang.featurize.parser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.antlr.v4.runtime.Token;

/**
 * Throughput harness for the Python front end (a plain main method, not a test). Parses a fixed corpus (the
 * machine's CPython standard library without site-packages and test directories, sorted by path) several
 * times single-threaded and prints MB/s per round after warm-up, plus how many files needed the recovering
 * second stage.
 *
 * <pre>
 * mvn -q -o -pl featurize dependency:build-classpath -Dmdep.outputFile=/tmp/featurize-cp.txt -Dmdep.includeScope=test
 * mvn -q -o -pl featurize test-compile
 * java -Xss8m -Xmx2g -cp featurize/target/classes:featurize/target/test-classes:$(cat /tmp/featurize-cp.txt) \
 *     dev.fang.featurize.parser.ParseBench [mode=parse|lex] [warmup=3] [rounds=5] [root=&lt;stdlib&gt;] [tests=false] [list=false]
 * </pre>
 * MB/s "per CPU-second" divides by the whole process's CPU time, which is steadier than wall time on a shared
 * machine (it also counts JIT and GC threads, so it slightly understates).
 */
public final class ParseBench {

    private ParseBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = arg(args, "mode", "parse");
        int warmup = Integer.parseInt(arg(args, "warmup", "3"));
        int rounds = Integer.parseInt(arg(args, "rounds", "5"));
        String root = arg(args, "root", null);
        boolean tests = Boolean.parseBoolean(arg(args, "tests", "false"));
        Path stdlib = Path.of(root != null ? root : stdlib());
        List<Path> files = corpus(stdlib, tests);
        List<byte[]> contents = new ArrayList<>();
        long total = 0;
        for (Path p : files) {
            byte[] b = Files.readAllBytes(p);
            contents.add(b);
            total += b.length;
        }
        System.out.printf("corpus: %s, %d files, %.2f MB, mode=%s%n", stdlib, files.size(), total / 1e6, mode);
        PythonFrontEnd fe = new PythonFrontEnd();
        double[] mbs = new double[rounds];
        double[] cpuMbs = new double[rounds];
        for (int r = -warmup; r < rounds; r++) {
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            int recovered = 0;
            int withErrors = 0;
            long tokens = 0;
            for (int i = 0; i < files.size(); i++) {
                if (mode.equals("lex")) {
                    tokens += lex(contents.get(i));
                } else {
                    ParsedFile pf = fe.parse(files.get(i).toString(), contents.get(i));
                    ParseReport rep = pf.report();
                    tokens += rep.tokenCount();
                    if (rep.recovered()) {
                        recovered++;
                        if (r == rounds - 1 && Boolean.parseBoolean(arg(args, "list", "false"))) {
                            System.out.println("  recovered: " + files.get(i) + " " + rep.firstErrors());
                        }
                    }
                    if (rep.syntaxErrors() > 0) {
                        withErrors++;
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpuSecs = (processCpuNanos() - cpu0) / 1e9;
            double rate = total / 1e6 / secs;
            double cpuRate = total / 1e6 / cpuSecs;
            System.out.printf("%s %d: %.2f s wall, %.1f MB/s wall, %.1f MB/s per CPU-second (process CPU %.2f s), "
                    + "%d tokens, recovered(LL stage)=%d, files with errors=%d%n",
                    r < 0 ? "warmup" : "round", r < 0 ? r + warmup + 1 : r + 1, secs, rate, cpuRate, cpuSecs, tokens,
                    recovered, withErrors);
            if (r >= 0) {
                mbs[r] = rate;
                cpuMbs[r] = cpuRate;
            }
        }
        double[] sorted = mbs.clone();
        Arrays.sort(sorted);
        double[] cpuSorted = cpuMbs.clone();
        Arrays.sort(cpuSorted);
        System.out.printf("wall: median %.1f MB/s, best %.1f MB/s; per CPU-second: median %.1f MB/s, best %.1f MB/s%n",
                sorted[sorted.length / 2], sorted[sorted.length - 1], cpuSorted[cpuSorted.length / 2],
                cpuSorted[cpuSorted.length - 1]);
    }

    /** CPU time of the whole process (all threads: the parse threads, but also JIT and GC). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long lex(byte[] content) {
        SourceDecoder.Decoded d = SourceDecoder.decode(content);
        PythonLexer lexer = new PythonLexer(new CodePointText(d.text(), null));
        lexer.removeErrorListeners();
        long n = 0;
        while (lexer.nextToken().getType() != Token.EOF) {
            n++;
        }
        return n;
    }

    static List<Path> corpus(Path stdlib, boolean tests) throws IOException {
        try (Stream<Path> s = Files.walk(stdlib)) {
            return s.filter(p -> p.toString().endsWith(".py"))
                    .filter(p -> !p.toString().contains("site-packages") && !p.toString().contains("dist-packages"))
                    .filter(p -> tests || !isTest(stdlib.relativize(p)))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static boolean isTest(Path rel) {
        for (Path part : rel) {
            String s = part.toString();
            if (s.equals("test") || s.equals("tests") || s.equals("idle_test")) {
                return true;
            }
        }
        return false;
    }

    private static String stdlib() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }

    private static String arg(String[] args, String key, String dflt) {
        for (String a : args) {
            if (a.startsWith(key + "=")) {
                return a.substring(key.length() + 1);
            }
        }
        return dflt;
    }
}
