package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-world code of every style: a fixed sample of the interpreter's own standard library goes through all
 * transformations and must still be accepted by CPython's parser. The files are only parsed, never run.
 */
class StandardLibraryParseTest {
    private static final int SAMPLE = 60;

    @TempDir
    Path temp;

    @Test
    void everyTransformedStandardLibraryFileShouldStillParse() throws Exception {
        Python.Result located = Python.eval("import sysconfig; print(sysconfig.get_paths()['stdlib'])");
        Path stdlib = Path.of(located.stdout().strip());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(stdlib)) {
            files = walk.filter(p -> p.toString().endsWith(".py") && !p.toString().contains("site-packages")
                    && !p.toString().contains("/test") && !p.toString().contains("lib2to3")).sorted().toList();
        }
        List<SourceFile> sources = new ArrayList<>();
        for (int i = 0; i < SAMPLE; i++) {
            Path file = files.get(i * files.size() / SAMPLE);
            sources.add(new SourceFile("lib/" + stdlib.relativize(file).toString().replace('/', '_'), Files.readAllBytes(file)));
        }
        PackageContents pkg = new PackageContents("stdlib-sample", "", sources.stream().map(SourceFile::path).toList(), sources);

        int changed = 0;
        for (double probability : new double[] {1.0, 0.3}) {
            PackageContents transformed = Transformations.apply(pkg, Transformations.names(), probability, 5);
            Path out = temp.resolve("p" + probability);
            new PackageFiles(transformed, java.util.Map.of()).write(out);
            Python.Result parsed = Python.parsesAll(out);
            assertThat(parsed.exitCode()).as(parsed.stderr()).isZero();
            changed += (int) transformed.sources().stream().filter(file -> !sources.contains(file)).count();
        }
        assertThat(changed).as("most sampled files were rewritten").isGreaterThan(SAMPLE);
    }
}
