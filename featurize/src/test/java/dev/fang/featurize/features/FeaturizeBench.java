package dev.fang.featurize.features;

import dev.fang.archive.ArchiveLimits;
import dev.fang.archive.SafeArchiveReader;
import dev.fang.featurize.source.PackageLoader;
import dev.fang.schema.Evidence;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Throughput harness and equality dump for the whole featurizer (a plain main method, not a test).
 * Featurizes a fixed corpus single-threaded after warm-up and prints MB/s of Python source; with
 * {@code dump=FILE} it writes every package's values (exact bits), partial flag, notes and evidence, so two
 * versions of the featurizer can be compared with {@code cmp}.
 *
 * <pre>
 * mvn -q -o -pl featurize dependency:build-classpath -Dmdep.outputFile=/tmp/featurize-cp.txt -Dmdep.includeScope=test
 * mvn -q -o -pl featurize test-compile
 * java -Xss8m -Xmx4g -cp featurize/target/classes:featurize/target/test-classes:$(cat /tmp/featurize-cp.txt) \
 *     dev.fang.featurize.features.FeaturizeBench [corpus=stdlib|deb] [debs=200] [warmup=2] [rounds=3] [dump=FILE]
 * </pre>
 * The stdlib corpus is the machine's CPython standard library (site-packages excluded), one package per top-level
 * module or package; the deb corpus is the first {@code debs} archives of {@code data/cache/debian-binary} in
 * path order (loading is not timed).
 */
public final class FeaturizeBench {

    private FeaturizeBench() {
    }

    public static void main(String[] args) throws Exception {
        String corpus = arg(args, "corpus", "stdlib");
        int warmup = Integer.parseInt(arg(args, "warmup", "2"));
        int rounds = Integer.parseInt(arg(args, "rounds", "3"));
        String dump = arg(args, "dump", null);
        List<PackageContents> packages = corpus.equals("deb")
                ? debs(Path.of(arg(args, "dir", "data/cache/debian-binary")), Integer.parseInt(arg(args, "debs", "200")))
                : stdlib(Path.of(arg(args, "root", "/root/.pyenv/versions/3.11.7/lib/python3.11")));
        long bytes = 0;
        int files = 0;
        for (PackageContents p : packages) {
            for (SourceFile s : p.sources()) {
                if (s.path().endsWith(".py")) {
                    bytes += s.content().length;
                    files++;
                }
            }
        }
        System.out.printf("corpus %s: %d packages, %d .py files, %.2f MB%n", corpus, packages.size(), files, bytes / 1e6);
        PackageFeaturizer featurizer = new PackageFeaturizer();
        if (dump != null) {
            try (BufferedWriter w = Files.newBufferedWriter(Path.of(dump), StandardCharsets.UTF_8)) {
                for (PackageContents p : packages) {
                    write(w, p, featurizer.featurize(p));
                }
            }
            System.out.println("dumped to " + dump);
            if (rounds == 0) {
                return;
            }
        }
        for (int r = -warmup; r < rounds; r++) {
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            int partial = 0;
            for (PackageContents p : packages) {
                if (featurizer.featurize(p).partial()) {
                    partial++;
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            System.out.printf("%s round %d: %.2f s, %.2f MB/s wall, %.2f MB/s per CPU-second, %d partial%n",
                    r < 0 ? "warm-up" : "timed", r, s, bytes / 1e6 / s, bytes / 1e6 / cpu, partial);
        }
    }

    private static void write(BufferedWriter w, PackageContents p, FeatureResult r) throws IOException {
        w.write("== " + p.name() + " partial=" + r.partial() + " version=" + r.catalogueVersion() + "\n");
        double[] v = r.values();
        for (int i = 0; i < v.length; i++) {
            w.write(FeatureCatalogue.feature(i).name() + "=" + Long.toHexString(Double.doubleToRawLongBits(v[i])) + " " + v[i] + "\n");
        }
        for (String n : r.notes()) {
            w.write("note " + n + "\n");
        }
        for (Evidence e : r.evidence()) {
            w.write("ev " + e + "\n");
        }
    }

    static List<PackageContents> stdlib(Path root) throws IOException {
        Map<String, List<SourceFile>> groups = new TreeMap<>();
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.filter(Files::isRegularFile).filter(p -> !root.relativize(p).toString().startsWith("site-packages/"))
                    .filter(p -> PackageContents.isSource(p.toString()))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
        for (Path p : all) {
            String rel = root.relativize(p).toString();
            int slash = rel.indexOf('/');
            String top = slash < 0 ? rel.replaceAll("\\.pyw?$", "") : rel.substring(0, slash);
            groups.computeIfAbsent(top, k -> new ArrayList<>()).add(new SourceFile(rel, Files.readAllBytes(p)));
        }
        List<PackageContents> out = new ArrayList<>();
        for (Map.Entry<String, List<SourceFile>> e : groups.entrySet()) {
            List<String> paths = e.getValue().stream().map(SourceFile::path).toList();
            out.add(new PackageContents(e.getKey(), "3.11.7", paths, e.getValue()));
        }
        return out;
    }

    static List<PackageContents> debs(Path dir, int limit) throws IOException {
        List<Path> archives;
        try (Stream<Path> files = Files.list(dir)) {
            archives = files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).limit(limit).toList();
        }
        PackageLoader loader = new PackageLoader(ArchiveLimits.defaults(), SafeArchiveReader.LinkPolicy.SKIP);
        List<PackageContents> out = new ArrayList<>();
        for (Path a : archives) {
            try {
                out.add(loader.fromArchive(a.getFileName().toString(), "", a));
            } catch (Exception e) {
                System.err.println("skipped " + a.getFileName() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return System.nanoTime();
    }

    private static String arg(String[] args, String key, String def) {
        for (String a : args) {
            if (a.startsWith(key + "=")) {
                return a.substring(key.length() + 1);
            }
        }
        return def;
    }
}
