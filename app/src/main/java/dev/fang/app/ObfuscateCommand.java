package dev.fang.app;

import dev.fang.featurize.features.PackageContents;
import dev.fang.robustness.PackageFiles;
import dev.fang.robustness.Transformations;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "obfuscate", description = {
        "Rewrite a package with behaviour-preserving transformations (for robustness tests): string and API",
        "obfuscation, renaming, padding, payload relocation. IN is an archive or directory (read, never run);",
        "OUT is a new directory or .tar.gz, outside any Git working tree."})
final class ObfuscateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT")
    Path output;

    @Option(names = "--transform", split = ",", paramLabel = "NAME",
            description = "Transformations to apply (default: all): relocate, rename, api, strings, padding.")
    List<String> transforms;

    @Option(names = "--probability", paramLabel = "P", defaultValue = "0.5",
            description = "Chance that each occurrence is rewritten (default: ${DEFAULT-VALUE}).")
    double probability;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Same seed, same output (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("--probability must be between 0 and 1, not " + probability);
        }
        List<String> names = transforms == null ? Transformations.names() : transforms;
        names.forEach(Transformations::byName);
        PackageFiles original = PackageFiles.read(input, options.load().archiveLimits());
        PackageContents transformed = Transformations.apply(original.contents(), names, probability, seed);
        original.with(transformed).write(output);
        long changed = transformed.sources().stream().filter(file -> !original.contents().sources().contains(file)).count();
        spec.commandLine().getOut().printf("%s: %s -> %s (%d of %d source files new or changed)%n",
                String.join(",", names), input, output, changed, transformed.sources().size());
        return 0;
    }
}
