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
    void onlyDebianBenignPackagesAreSlicedAndSlicesKeepTheirProjectsGroup() throws Exception {
        PackageSource debian = new PackageSource(new DatasetRow("src:proj_1.0.orig.tar.gz", 0, "deb:proj", "debian-source", "", "", "abc", 0),
                BenignSlicesTest::project);
        PackageSource graalpy = new PackageSource(new DatasetRow("graalpy:json", 0, "graalpy:json", "graalpy", "", "", "def", 0),
                BenignSlicesTest::project);
        PackageSource malware = new PackageSource(new DatasetRow("mal:x", 1, "mal:g", "malregistry", "", "", "123", 0),
                BenignSlicesTest::project);

        List<PackageSource> slices = BenignSlices.of(List.of(debian, graalpy, malware));

        assertThat(slices).hasSize(1);
        DatasetRow row = slices.get(0).row();
        assertThat(row.group()).isEqualTo("deb:proj");
        assertThat(row.kind()).isEqualTo(DatasetRow.SLICE_KIND);
        assertThat(row.derived()).isTrue();
        assertThat(row.sha256()).isNotEqualTo("abc").startsWith("abc");
        assertThat(slices.get(0).loader().load().paths()).contains("proj-1.0/setup.py");
    }
}
