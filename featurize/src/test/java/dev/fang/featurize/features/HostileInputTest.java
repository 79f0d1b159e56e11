package dev.fang.featurize.features;

import static dev.fang.featurize.features.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.analysis.ModuleAnalyzer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Garbage, huge and broken input: never an exception, and partial results say so. */
class HostileInputTest {

    static final PackageFeaturizer FEATURIZER = new PackageFeaturizer();

    static PackageContents raw(String path, byte[] content) {
        return new PackageContents("demo", "1.0", List.of(path), List.of(new SourceFile(path, content)));
    }

    @Test
    void binaryGarbageNamedPy() {
        byte[] junk = new byte[200_000];
        new Random(7).nextBytes(junk);
        FeatureResult r = FEATURIZER.featurize(raw("demo/__init__.py", junk));
        assertThat(r.values()).hasSize(FeatureCatalogue.size());
        assertThat(r.value("import_parse_undecodable_bytes_max")).isPositive();
        assertThat(r.value("import_parse_quality_min")).isLessThan(0.5);
        assertThat(Arrays.stream(r.values()).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void tenMegabyteLine() {
        byte[] big = ("x = '" + "A".repeat(10 * 1024 * 1024) + "'\n").getBytes(StandardCharsets.US_ASCII);
        FeatureResult r = FEATURIZER.featurize(raw("demo/big.py", big));
        assertThat(r.partial()).isTrue();
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("demo/big.py"));
        assertThat(r.value("import_line_length_max")).isGreaterThan(1_000_000);
    }

    @Test
    void nulBytesInsideCode() {
        byte[] code = "import os\u0000\nos.system('id')\u0000\u0000\nx = '\u0000'\n".getBytes(StandardCharsets.UTF_8);
        FeatureResult r = FEATURIZER.featurize(raw("demo/m.py", code));
        assertThat(r.value("import_api_command_sites")).isEqualTo(1);
        assertThat(r.evidence()).allSatisfy(e -> assertThat(e.getSnippet()).doesNotContain("\u0000"));
    }

    @Test
    void nullAndEmptyEntries() {
        List<SourceFile> sources = new ArrayList<>();
        sources.add(new SourceFile("demo/a.py", null));
        sources.add(new SourceFile("demo/b.py", new byte[0]));
        sources.add(new SourceFile("pyproject.toml", "[build-system\nrequires = [\n".getBytes(StandardCharsets.UTF_8)));
        List<String> paths = new ArrayList<>(List.of("demo/a.py", "demo/b.py", "pyproject.toml", "demo/"));
        FeatureResult r = FEATURIZER.featurize(new PackageContents("demo", "1.0", paths, sources));
        assertThat(r.values()).hasSize(FeatureCatalogue.size());
        assertThat(r.value("import_parse_quality_min")).isEqualTo(1.0);
    }

    @Test
    void packageBudgetsCutTheWorkShortAndSaySo() {
        PackageContents p = Fixtures.pkg("demo/a.py", lines("import os", "os.system('a')"),
                "demo/b.py", lines("import os", "os.system('b')"),
                "demo/c.py", lines("import os", "os.system('c')"));
        PackageFeaturizer.Limits d = PackageFeaturizer.Limits.defaults();
        FeatureResult files = new PackageFeaturizer(new PackageFeaturizer.Limits(d.maxFileBytes(), d.maxPackageBytes(), 1,
                d.maxFileTime(), d.maxPackageTime())).featurize(p);
        assertThat(files.partial()).isTrue();
        assertThat(files.value("import_api_command_sites")).isEqualTo(1);
        assertThat(files.notes()).anySatisfy(n -> assertThat(n).contains("file budget"));

        FeatureResult bytes = new PackageFeaturizer(new PackageFeaturizer.Limits(d.maxFileBytes(), 40, d.maxFiles(),
                d.maxFileTime(), d.maxPackageTime())).featurize(p);
        assertThat(bytes.partial()).isTrue();
        assertThat(bytes.notes()).anySatisfy(n -> assertThat(n).contains("byte budget"));

        FeatureResult time = new PackageFeaturizer(new PackageFeaturizer.Limits(d.maxFileBytes(), d.maxPackageBytes(),
                d.maxFiles(), d.maxFileTime(), Duration.ZERO)).featurize(p);
        assertThat(time.partial()).isTrue();
        assertThat(time.notes()).anySatisfy(n -> assertThat(n).contains("time budget"));
    }

    @Test
    void aFailingAnalyzerFallsBackToLiterals() {
        PackageFeaturizer broken = new PackageFeaturizer(PackageFeaturizer.Limits.defaults(), (parsed, imported) -> {
            throw new IllegalStateException("boom");
        });
        FeatureResult r = broken.featurize(Fixtures.pkg("demo/m.py", lines("HOOK = 'https://discord.com/api/webhooks/1/x'")));
        assertThat(r.partial()).isTrue();
        assertThat(r.value("import_sus_exfil_services")).isEqualTo(1);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("analysis failed"));
    }

    @Test
    void aFileThatOverrunsItsBudgetIsGivenUpOnAndTheFilesAfterItAreStillFeaturized() throws InterruptedException {
        // An analysis that ignores its time budget (the hard bound is for what the cooperative ones miss).
        CountDownLatch release = new CountDownLatch(1);
        ModuleAnalyzer real = new ModuleAnalyzer();
        PackageFeaturizer.Analyzer stuck = (parsed, imported) -> {
            if (parsed.fileName().endsWith("b.py")) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.analyze(parsed, imported);
        };
        PackageFeaturizer.Limits d = PackageFeaturizer.Limits.defaults();
        PackageFeaturizer featurizer = new PackageFeaturizer(new PackageFeaturizer.Limits(d.maxFileBytes(),
                d.maxPackageBytes(), d.maxFiles(), Duration.ofSeconds(2), d.maxPackageTime()), stuck);
        PackageContents p = Fixtures.pkg("demo/a.py", lines("import os", "os.system('a')"),
                "demo/b.py", lines("import os", "os.system('b')"),
                "demo/c.py", lines("import os", "os.system('c')"));
        try {
            FeatureResult r = featurizer.featurize(p);

            assertThat(r.partial()).isTrue();
            assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("demo/b.py: not finished within"));
            assertThat(r.value("import_api_command_sites")).isEqualTo(2);   // a.py and c.py
            assertThat(r.evidence()).anySatisfy(e -> assertThat(e.getFile()).isEqualTo("demo/c.py"));
            assertThat(r.evidence()).filteredOn(e -> e.getFeature().startsWith("import_"))
                    .noneSatisfy(e -> assertThat(e.getFile()).isEqualTo("demo/b.py"));

            // the same featurizer goes on with the next package once the stuck file has ended
            release.countDown();
            FeatureResult next = featurizer.featurize(Fixtures.pkg("demo/c.py", lines("import os", "os.system('c')")));
            assertThat(next.partial()).isFalse();
            assertThat(next.value("import_api_command_sites")).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void deeplyNestedAndHugeTokenCounts() {
        String deep = "x = " + "(".repeat(5000) + "1" + ")".repeat(5000) + "\n";
        String many = "y = [" + "1, ".repeat(300_000) + "]\n";
        FeatureResult r = FEATURIZER.featurize(Fixtures.pkg("demo/deep.py", deep, "demo/many.py", many));
        assertThat(r.values()).hasSize(FeatureCatalogue.size());
        assertThat(r.value("import_obf_byte_arrays")).isPositive();
    }
}
