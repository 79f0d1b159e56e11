package dev.fang.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenignSlicesTest {
    private static SourceFile file(String path, int bytes) {
        return new SourceFile(path, "x = 1\n".repeat(Math.max(1, bytes / 6)).getBytes(StandardCharsets.UTF_8));
    }

    /** An sdist-like project: build files at the root, a package of small modules, a big module, tests. */
    private static PackageContents project() {
        List<SourceFile> files = new ArrayList<>(List.of(
                file("proj-1.0/setup.py", 600),
                file("proj-1.0/setup.cfg", 200),
                file("proj-1.0/docs/conf.py", 900),
                file("proj-1.0/proj/__init__.py", 120),
                file("proj-1.0/proj/core.py", 4_000),
                file("proj-1.0/proj/util.py", 2_000),
                file("proj-1.0/proj/sub/__init__.py", 60),
                file("proj-1.0/proj/sub/helpers.py", 3_000),
                file("proj-1.0/proj/huge.py", 200_000),
                file("proj-1.0/tests/test_core.py", 1_000),
                file("proj-1.0/proj/util_test.py", 1_000),
                file("proj-1.0/examples/setup.py", 300)));
        List<String> paths = new ArrayList<>(files.stream().map(SourceFile::path).toList());
        paths.add("proj-1.0/PKG-INFO");
        return new PackageContents("proj", "1.0", paths, files);
    }

    @Test
    void aSliceIsTheRootBuildFilesPlusOneToThreeSmallNonTestModulesWithTheirPackageInit() {
        for (long seed = 0; seed < 50; seed++) {
            PackageContents slice = BenignSlices.slice(project(), seed);
            Set<String> paths = Set.copyOf(slice.paths());

            assertThat(slice.sources()).extracting(SourceFile::path).containsExactlyElementsOf(slice.paths());
            assertThat(paths).contains("proj-1.0/setup.py", "proj-1.0/setup.cfg").doesNotContain("proj-1.0/examples/setup.py",
                    "proj-1.0/proj/huge.py", "proj-1.0/tests/test_core.py", "proj-1.0/proj/util_test.py", "proj-1.0/PKG-INFO");
            List<String> modules = slice.paths().stream().filter(path -> !path.endsWith("/setup.py") && !path.endsWith(".cfg")
                    && !path.endsWith("__init__.py")).toList();
            assertThat(slice.paths().stream().filter(path -> !path.startsWith("proj-1.0/setup."))).hasSizeBetween(1, 6);
            for (String module : modules) {
                String init = module.substring(0, module.lastIndexOf('/') + 1) + "__init__.py";
                if (!module.startsWith("proj-1.0/docs/")) {
                    assertThat(paths).as("seed %d: the package of %s comes along", seed, module).contains(init);
                }
            }
        }
    }

    @Test
    void theSameSeedCarvesTheSameSliceAndSeedsVary() {
        assertThat(BenignSlices.slice(project(), 7).paths()).isEqualTo(BenignSlices.slice(project(), 7).paths());
        Set<List<String>> distinct = IntStream.range(0, 30).mapToObj(seed -> BenignSlices.slice(project(), seed).paths())
                .collect(Collectors.toSet());
        assertThat(distinct).hasSizeGreaterThan(3);
    }

    @Test
    void anInstalledTreeSliceHasNoBuildFiles() {
        PackageContents tree = new PackageContents("lib", "2", List.of("usr/lib/python3/dist-packages/lib/__init__.py",
                "usr/lib/python3/dist-packages/lib/a.py"), List.of(file("usr/lib/python3/dist-packages/lib/__init__.py", 100),
                file("usr/lib/python3/dist-packages/lib/a.py", 900)));
        assertThat(BenignSlices.slice(tree, 1).paths()).isNotEmpty().allMatch(path -> path.startsWith("usr/lib/python3/dist-packages/lib/"));
    }

    @Test
    void aPackageWithoutASmallModuleCannotBeSliced() {
        PackageContents bigOnly = new PackageContents("big", "1", List.of("big/setup.py", "big/big.py"),
                List.of(file("big/setup.py", 500), file("big/big.py", 50_000)));
        assertThatThrownBy(() -> BenignSlices.slice(bigOnly, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no module of at most");
    }

    @Test
    void aTinySliceIsOneModuleOfAFewLinesWithTheBuildFilesHalfTheTime() {
        int withBuildFiles = 0;
        for (long seed = 0; seed < 100; seed++) {
            PackageContents tiny = BenignSlices.tiny(project(), seed);
            List<String> modules = tiny.paths().stream().filter(path -> !path.startsWith("proj-1.0/setup.")).toList();
            assertThat(modules).hasSize(1);
            assertThat(tiny.sources()).allMatch(file -> !modules.contains(file.path()) || file.content().length <= BenignSlices.TINY_MODULE_BYTES);
            assertThat(modules.get(0)).isNotIn("proj-1.0/tests/test_core.py", "proj-1.0/proj/util_test.py");
            if (tiny.paths().contains("proj-1.0/setup.py")) {
                withBuildFiles++;
            }
        }
        assertThat(withBuildFiles).isBetween(30, 70);
    }

    @Test
    void onlyDebianBenignPackagesAreSlicedTwiceReadOnceAndKeepTheirProjectsGroup() throws Exception {
        int[] loads = {0};
        PackageSource debian = new PackageSource(new DatasetRow("src:proj_1.0.orig.tar.gz", 0, "deb:proj", "debian-source", "", "", "abc", 0),
                () -> {
                    loads[0]++;
                    return project();
                });
        PackageSource graalpy = new PackageSource(new DatasetRow("graalpy:json", 0, "graalpy:json", "graalpy", "", "", "def", 0),
                BenignSlicesTest::project);
        PackageSource malware = new PackageSource(new DatasetRow("mal:x", 1, "mal:g", "malregistry", "", "", "123", 0),
                BenignSlicesTest::project);

        List<PackageSource> slices = BenignSlices.of(List.of(debian, graalpy, malware));

        assertThat(slices).extracting(slice -> slice.row().id()).containsExactly("slice:src:proj_1.0.orig.tar.gz", "tiny:src:proj_1.0.orig.tar.gz");
        assertThat(slices).extracting(slice -> slice.row().sha256()).doesNotHaveDuplicates().allMatch(key -> key.startsWith("abc:"));
        for (PackageSource slice : slices) {
            DatasetRow row = slice.row();
            assertThat(row.group()).isEqualTo("deb:proj");
            assertThat(row.kind()).isEqualTo(DatasetRow.SLICE_KIND);
            assertThat(row.derived()).isTrue();
            assertThat(slice.loader().load().paths()).isNotEmpty().isSubsetOf(project().paths());
        }
        assertThat(loads[0]).isEqualTo(1);
    }
}
