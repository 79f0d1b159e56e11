package dev.fang.app;

import dev.fang.archive.SafeArchiveReader;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import dev.fang.featurize.parser.CpythonOracle;
import dev.fang.featurize.source.PackageLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "oracle", description = {
        "Fang's parser against CPython's ast on the benign corpus: the imports (with aliases), calls (with lines) and",
        "string literals of every .py file, compared file by file. Exit status 1 when fewer than 99.5% of the files",
        "agree on imports and calls. CPython is given benign files only, never malware."})
final class OracleCommand implements Callable<Integer> {

    /** Share of files that must agree with CPython on imports and calls (issue 3). */
    static final double IMPORTS_AND_CALLS_TARGET = 0.995;
    private static final int SHOWN_MISMATCHES = 20;

    @Mixin
    ConfigOptions options;

    @Option(names = "--benign", paramLabel = "DIR", defaultValue = "data/cache/debian-binary",
            description = "Directory of benign archives (.deb, .tar.gz, .whl, .zip), fetched by data/fetch-benign; default: ${DEFAULT-VALUE}.")
    Path benignDir;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Archives compared at most (the first N in path order); 0: all.")
    int limit;

    @Option(names = "--python", paramLabel = "CMD", defaultValue = "python3", description = "CPython executable; default: ${DEFAULT-VALUE}.")
    String python;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "docs/parser-oracle.md", description = "Markdown report to write; default: ${DEFAULT-VALUE}.")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> archives;
        try (Stream<Path> files = Files.list(benignDir)) {
            archives = files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString))
                    .limit(limit > 0 ? limit : Long.MAX_VALUE).toList();
        }
        // Installed trees link files routinely; links are left out, never followed.
        PackageLoader loader = new PackageLoader(options.load().archiveLimits(), SafeArchiveReader.LinkPolicy.SKIP);
        Path dir = Files.createTempDirectory("fang-oracle-");
        try {
            Map<Path, String> names = new HashMap<>();
            List<Path> files = new ArrayList<>();
            int skipped = 0;
            for (int a = 0; a < archives.size(); a++) {
                Path archive = archives.get(a);
                PackageContents pkg;
                try {
                    pkg = loader.fromArchive(PackageNames.guess(archive), "", archive);
                } catch (Exception e) {
                    skipped++;
                    spec.commandLine().getErr().printf("skipped %s: %s%n", archive.getFileName(), e.getMessage());
                    continue;
                }
                for (SourceFile file : pkg.sources()) {
                    Path written = file.path().endsWith(".py") && file.content() != null
                            ? ScratchTree.write(dir.resolve(String.valueOf(a)), file.path(), file.content()) : null;
                    if (written != null) {
                        files.add(written);
                        names.put(written, archive.getFileName() + "!" + file.path());
                    }
                }
            }
            Path work = Files.createDirectories(dir.resolve(".oracle"));
            CpythonOracle.Result result = CpythonOracle.compare(files, names::get, work, python, SHOWN_MISMATCHES);
            String markdown = markdown(archives.size() - skipped, skipped, result);
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, markdown);
            out.println(markdown);
            out.printf("written to %s%n", report);
            return result.importsAndCallsRate() >= IMPORTS_AND_CALLS_TARGET ? 0 : 1;
        } finally {
            ScratchTree.deleteRecursively(dir);
        }
    }

    private String markdown(int packages, int refused, CpythonOracle.Result r) throws IOException {
        StringBuilder md = new StringBuilder("# Parser oracle: Fang against CPython\n\n");
        md.append(BenchCommand.measuredOn("bin/fang oracle" + (limit > 0 ? " --limit " + limit : "")
                + (benignDir.equals(Path.of("data/cache/debian-binary")) ? "" : " --benign " + benignDir)));
        md.append(String.format(Locale.ROOT, "CPython: `%s` (%s). ", python, pythonVersion()));
        md.append("For every `.py` file of the benign archives in `").append(benignDir).append("`, what Fang's parser "
                + "extracts (imports with their aliases, calls with their lines, str and bytes literals with their values "
                + "and lines) is compared with what CPython's `ast` extracts from the same file; a file agrees on a kind when "
                + "both give the same multiset. Files CPython itself rejects (another Python version, syntax errors) are "
                + "left out. `CpythonOracleAgreementTest` runs the same comparison on the standard library in every build.\n\n");
        md.append("| packages | files compared | rejected by CPython | MB | imports identical | calls identical | "
                + "imports and calls identical | strings identical |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| %d | %d | %d | %.1f | %s | %s | **%s** | %s |%n%n", packages, r.compared(),
                r.rejectedByCpython(), r.bytes() / 1e6, share(r.importsAgree(), r.compared()), share(r.callsAgree(), r.compared()),
                share(r.importsAndCallsAgree(), r.compared()), share(r.stringsAgree(), r.compared())));
        if (refused > 0) {
            md.append(String.format(Locale.ROOT, "%d more archives were skipped: over the archive limits or unreadable, each named on standard error.%n%n", refused));
        }
        md.append(String.format(Locale.ROOT, "Target (issue 3): at least %.1f%% of the files identical on imports and calls.%n",
                100 * IMPORTS_AND_CALLS_TARGET));
        if (!r.mismatches().isEmpty()) {
            md.append("\nFirst files that differ in anything:\n\n```\n");
            r.mismatches().forEach(m -> md.append(m).append('\n'));
            md.append("```\n");
        }
        return md.toString();
    }

    private static String share(int n, int of) {
        return String.format(Locale.ROOT, "%d (%.3f%%)", n, of == 0 ? 0 : 100.0 * n / of);
    }

    private String pythonVersion() throws IOException {
        try {
            Process p = new ProcessBuilder(python, "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return v;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "version unknown";
        }
    }
}
