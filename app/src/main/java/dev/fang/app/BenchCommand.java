package dev.fang.app;

import dev.fang.archive.SafeArchiveReader;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.features.SourceFile;
import dev.fang.featurize.source.PackageLoader;
import dev.fang.training.dataset.MalwareCollection;
import dev.fang.training.dataset.MalwareSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", description = "Benchmarks that write their numbers to a report.", subcommands = {BenchCommand.Featurize.class, ClassifyBench.class})
final class BenchCommand {
    /** Rewrites one benchmark's section of the report, keeping the others' numbers. */
    static void writeSection(Path report, String section, String markdown, PrintWriter out) throws IOException {
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, ReportSections.replace(Files.exists(report) ? Files.readString(report) : "# Benchmarks\n", section, markdown));
        out.println(markdown);
        out.printf("written to %s%n", report);
    }

    /** When and where a benchmark ran, and the command that reproduces it. */
    static String measuredOn(String command) throws IOException {
        return String.format(Locale.ROOT, "Measured %s on %s, %d cores, Java %s (%s). Command: `%s`.%n", LocalDate.now(), cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), collector(), command);
    }

    /** The JVM's garbage collector, named by its collectors' beans ("PS Scavenge, PS MarkSweep" is the Parallel one). */
    private static String collector() {
        String beans = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        if (beans.startsWith("PS ")) {
            return "Parallel GC";
        }
        if (beans.startsWith("G1 ")) {
            return "G1 GC";
        }
        if (beans.startsWith("Copy")) {
            return "Serial GC";
        }
        return "GC: " + beans;
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.exists(cpuinfo)) {
            return "an unknown CPU";
        }
        return Files.readAllLines(cpuinfo).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("an unknown CPU");
    }

    @Command(name = "featurize", description = {
            "Featurize throughput on one core (MB/s of Python source, packages/s) on a benign corpus and on the",
            "malicious training collection, against Bandit on the same files in the same run."})
    static final class Featurize implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--benign", paramLabel = "DIR", defaultValue = "data/cache/debian-binary", description = "Directory of benign archives (.deb, .tar.gz, .whl, .zip); default: ${DEFAULT-VALUE}.")
        Path benignDir;

        @Option(names = "--datasets", paramLabel = "DIR", defaultValue = "../shared/datasets", description = "Where malregistry-train.zip and .csv are; default: ${DEFAULT-VALUE}.")
        Path datasets;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "300", description = "Packages per corpus (the first N in a fixed order); default: ${DEFAULT-VALUE}.")
        int limit;

        @Option(names = "--bandit", paramLabel = "CMD", defaultValue = "bandit", description = "Bandit executable (apt-get install bandit); 'none' to skip it.")
        String bandit;

        @Option(names = "--report", paramLabel = "FILE", defaultValue = "docs/benchmarks.md", description = "Markdown report to (re)write the featurize section of.")
        Path report;

        @Spec
        CommandSpec spec;

        private static final double WARMUP_SECONDS = 30;
        private static final int TIMED_PASSES = 5;
        private static final double TIMED_SECONDS = 10;

        record Row(String corpus, int packages, int files, long bytes, double fangSeconds, double banditSeconds) {
            double mb() {
                return bytes / 1e6;
            }
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            // Corpora of installed trees link files routinely; links are left out, never followed.
            PackageLoader loader = new PackageLoader(options.load().archiveLimits(), SafeArchiveReader.LinkPolicy.SKIP);
            List<Row> rows = new ArrayList<>();
            rows.add(measure("benign (" + benignDir + ")", benign(loader), out));
            rows.add(measure("malicious (training collection)", malicious(loader), out));
            writeSection(report, "featurize", markdown(rows), out);
            return 0;
        }

        private List<PackageContents> benign(PackageLoader loader) throws IOException {
            List<Path> archives;
            try (Stream<Path> files = Files.list(benignDir)) {
                archives = files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).limit(limit).toList();
            }
            List<PackageContents> packages = new ArrayList<>();
            for (Path archive : archives) {
                try {
                    packages.add(loader.fromArchive(PackageNames.guess(archive), "", archive));
                } catch (Exception e) {
                    spec.commandLine().getErr().printf("skipped %s: %s%n", archive.getFileName(), e.getMessage());
                }
            }
            return packages;
        }

        /** Malware is decrypted in memory and read through the safe reader; it is never executed. */
        private List<PackageContents> malicious(PackageLoader loader) throws IOException {
            List<PackageContents> packages = new ArrayList<>();
            try (MalwareCollection registry = MalwareCollection.open(datasets.resolve("malregistry-train.zip"), datasets.resolve("malregistry-train.csv"), "infected")) {
                for (MalwareSample sample : registry.samples().stream().limit(limit).toList()) {
                    try {
                        packages.add(loader.fromArchive(sample.name(), sample.version(), registry.read(sample)));
                    } catch (Exception e) {
                        spec.commandLine().getErr().printf("skipped %s: %s%n", sample.path(), e.getMessage());
                    }
                }
            }
            return packages;
        }

        private Row measure(String corpus, List<PackageContents> packages, PrintWriter out) throws Exception {
            PackageFeaturizer featurizer = new PackageFeaturizer();
            List<SourceFile> python = packages.stream().flatMap(p -> p.sources().stream())
                    .filter(file -> file.path().endsWith(".py")).toList();
            long bytes = python.stream().mapToLong(file -> file.content().length).sum();
            // Untimed passes over the whole corpus for WARMUP_SECONDS (two at least): the timed passes measure the
            // JIT-compiled steady state a long-running stage works in, not compilation. On two cores the compiler is
            // still making faster code for the parser and the analysis some 20 s into the run; a pass over 100 small
            // packages lasts a fraction of a second, so counting passes is no measure of warmth.
            double warm = 0;
            for (int pass = 0; pass < 2 || warm < WARMUP_SECONDS; pass++) {
                warm += timedPass(featurizer, packages);
            }
            // Then the median of timed passes (at least TIMED_PASSES, and at least TIMED_SECONDS in all): one pass of a
            // small corpus lasts a fraction of a second, and a single pass swings with a collection landing in it.
            List<Double> timed = new ArrayList<>();
            double spent = 0;
            while (timed.size() < TIMED_PASSES || spent < TIMED_SECONDS) {
                double seconds = timedPass(featurizer, packages);
                timed.add(seconds);
                spent += seconds;
            }
            Collections.sort(timed);
            double fangSeconds = timed.get(timed.size() / 2);
            double banditSeconds = bandit.equals("none") ? Double.NaN : runBandit(python);
            Row row = new Row(corpus, packages.size(), python.size(), bytes, fangSeconds, banditSeconds);
            out.printf("%s: %d packages, %.1f MB of Python: fang %.2f s, bandit %s%n", corpus, row.packages(), row.mb(),
                    fangSeconds, Double.isNaN(banditSeconds) ? "not run" : String.format(Locale.ROOT, "%.2f s", banditSeconds));
            out.flush();
            return row;
        }

        private static double timedPass(PackageFeaturizer featurizer, List<PackageContents> packages) {
            long start = System.nanoTime();
            for (PackageContents pkg : packages) {
                featurizer.featurize(pkg);
            }
            return (System.nanoTime() - start) / 1e9;
        }

        /** Bandit parses the files (Python's ast) and never runs them; they sit in a temp dir only while it does. */
        private double runBandit(List<SourceFile> python) throws Exception {
            Path dir = Files.createTempDirectory("fang-bench-bandit-");
            try {
                int index = 0;
                for (SourceFile file : python) {
                    ScratchTree.write(dir.resolve(String.valueOf(index++)), file.path(), file.content());
                }
                Process process = new ProcessBuilder(bandit, "-r", dir.toString(), "-q", "-f", "json", "-o", dir.resolve("bandit.json").toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                long start = System.nanoTime();
                if (!process.waitFor(2, TimeUnit.HOURS)) {
                    process.destroyForcibly();
                    throw new IOException("bandit did not finish within 2 hours");
                }
                return (System.nanoTime() - start) / 1e9;
            } finally {
                ScratchTree.deleteRecursively(dir);
            }
        }

        private String markdown(List<Row> rows) throws IOException {
            StringBuilder md = new StringBuilder();
            md.append("## Featurize throughput\n\n");
            md.append(measuredOn("bin/fang bench featurize --limit " + limit));
            md.append("Fang runs on one thread (per-core numbers: parse, resolve, decode and compute every feature with evidence), "
                    + String.format(Locale.ROOT, "after untimed passes over the corpus for %.0f s (JIT steady state, as in a long-running stage); ", WARMUP_SECONDS)
                    + "`fang s` is the median of "
                    + String.format(Locale.ROOT, "at least %d timed passes lasting %.0f s or more in all; ", TIMED_PASSES, TIMED_SECONDS)
                    + (bandit.equals("none") ? "Bandit was not run (`--bandit none`).\n\n"
                            : "Bandit (single process) scans the same `.py` files, written to a temp dir, in the same run.\n\n"));
            md.append("| corpus | packages | .py files | MB of Python | fang s | fang MB/s per core | fang packages/s per core | bandit s | bandit MB/s | fang ÷ bandit |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (Row row : rows) {
                String banditCells = Double.isNaN(row.banditSeconds()) ? "not run | — | —"
                        : String.format(Locale.ROOT, "%.2f | %.2f | %.1f×", row.banditSeconds(), row.mb() / row.banditSeconds(),
                                row.banditSeconds() / row.fangSeconds());
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.1f | %.1f | %s |%n",
                        row.corpus(), row.packages(), row.files(), row.mb(), row.fangSeconds(), row.mb() / row.fangSeconds(),
                        row.packages() / row.fangSeconds(), banditCells));
            }
            md.append("\nGoals (issue 3): ≥ 10× Bandit's throughput and ≥ 20 MB/s per core.\n");
            return md.toString();
        }
    }
}
