package dev.fang.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.FeatureResult;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.features.Understanding;
import dev.fang.featurize.source.PackageLoader;
import dev.fang.platform.json.RecordJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "features", description = {
        "Print the feature vector and evidence of local packages as JSON, one object per line.",
        "Each PATH is an archive (.tar.gz, .zip, .whl, .deb) or a directory; it is read, never executed."})
final class FeaturesCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConfigOptions options;

    @Parameters(arity = "1..*", paramLabel = "PATH")
    List<Path> paths;

    @Option(names = "--all", description = "List every feature, not only the non-zero ones.")
    boolean all;

    @Option(names = "--raw-tokens", description = {
            "Features on raw tokens only, the seed paper's approach: names and string literals as written, no alias",
            "resolution, no folding or decoding (same catalogue; for robustness comparisons)."})
    boolean rawTokens;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PackageLoader loader = new PackageLoader(options.load().archiveLimits());
        PackageFeaturizer featurizer = rawTokens ? PackageFeaturizer.rawTokens() : new PackageFeaturizer();
        int failures = 0;
        for (Path path : paths) {
            ObjectNode line = JSON.createObjectNode();
            line.put("path", path.toString());
            try {
                String name = PackageNames.guess(path);
                PackageContents contents = Files.isDirectory(path)
                        ? loader.fromDirectory(name, "", path)
                        : loader.fromArchive(name, "", path);
                render(line, featurizer.featurize(contents));
            } catch (Exception e) {
                // One unreadable input is reported and the others are still featurized.
                line.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
                failures++;
            }
            spec.commandLine().getOut().println(line);
        }
        spec.commandLine().getOut().flush();
        return failures == 0 ? 0 : 1;
    }

    private void render(ObjectNode line, FeatureResult result) {
        line.put("catalogueVersion", result.catalogueVersion());
        if (rawTokens) {
            line.put("understanding", Understanding.RAW_TOKENS.id());
        }
        line.put("partial", result.partial());
        line.set("notes", JSON.valueToTree(result.notes()));
        ObjectNode features = line.putObject("features");
        double[] values = result.values();
        for (int i = 0; i < values.length; i++) {
            if (all || values[i] != 0) {
                features.put(FeatureCatalogue.feature(i).name(), values[i]);
            }
        }
        ArrayNode evidence = line.putArray("evidence");
        result.evidence().forEach(item -> evidence.add(RecordJson.toNode(item)));
    }
}
