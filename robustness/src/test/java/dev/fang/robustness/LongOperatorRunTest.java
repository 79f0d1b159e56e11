package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A run of a left-associative operator parses as a left-nested tree as deep as the run is long (obfuscated code
 * splits strings into thousands of {@code +} pieces); every transformation must walk it without recursion.
 */
class LongOperatorRunTest {

    @Test
    void everyTransformationRewritesAModuleWithALongPlusRunOnASmallStack() throws Exception {
        StringBuilder source = new StringBuilder("import os\nx = 'a'");
        source.append(" + 'b'".repeat(50_000));
        source.append("\nos.system(x)\n");
        SourceFile file = new SourceFile("pkg/m.py", source.toString().getBytes(StandardCharsets.UTF_8));
        PackageContents pkg = new PackageContents("long", "1", List.of(file.path()), List.of(file));
        for (String name : Transformations.names()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<PackageContents> result = new AtomicReference<>();
            Thread thread = new Thread(null, () -> {
                try {
                    result.set(Transformations.apply(pkg, List.of(name), 1.0, 1));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "small-stack", 512 * 1024);
            thread.start();
            thread.join();
            assertThat(failure.get()).as(name).isNull();
            assertThat(result.get()).as(name).isNotNull();
        }
    }
}
