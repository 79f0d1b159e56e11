package dev.fang.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.robustness.GreedyAttack;
import dev.fang.robustness.PackageFiles;
import dev.fang.training.model.DefaultModel;
import dev.fang.training.model.Model;
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

@Command(name = "attack", description = {
        "Run the greedy black-box evasion attack on packages against a model: keep each transformation and",
        "padding move that does not raise the score. Writes OUT/NAME/ (the adversarial package) and",
        "OUT/NAME.trace.json (every move and the score after it). Packages are read, never run."})
final class AttackCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    ConfigOptions options;

    @Parameters(arity = "1..*", paramLabel = "IN")
    List<Path> inputs;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (default: model.dir, else models/default).")
    Path modelDir;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "New directory for the results, outside any Git working tree.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the transformations (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = modelDir != null ? modelDir : DefaultModel.dir(options.load());
        try (Model model = Model.load(dir, FeatureCatalogue.VERSION)) {
            GreedyAttack attack = new GreedyAttack(new PackageFeaturizer(), model::score, seed);
            for (Path input : inputs) {
                PackageFiles original = PackageFiles.read(input, options.load().archiveLimits());
                GreedyAttack.Result result = attack.run(original.contents());
                String name = original.contents().name();
                original.with(result.adversarial()).write(out.resolve(name));
                ObjectNode trace = JSON.createObjectNode();
                trace.put("input", input.toString());
                trace.put("model", model.id());
                trace.put("seed", seed);
                trace.put("originalScore", result.originalScore());
                trace.put("finalScore", result.finalScore());
                trace.put("queries", result.queries());
                trace.set("steps", JSON.valueToTree(result.steps()));
                Files.writeString(out.resolve(name + ".trace.json"), JSON.writeValueAsString(trace) + "\n");
                spec.commandLine().getOut().printf("%s: score %.4f -> %.4f in %d queries%n", input, result.originalScore(),
                        result.finalScore(), result.queries());
            }
        }
        return 0;
    }
}
