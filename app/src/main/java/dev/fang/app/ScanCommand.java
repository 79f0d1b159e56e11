package dev.fang.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fang.archive.SafeArchiveReader;
import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.FeatureResult;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.source.PackageLoader;
import dev.fang.platform.consumers.DefaultConsumers;
import dev.fang.platform.json.RecordJson;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.Evidence;
import dev.fang.training.model.Contribution;
import dev.fang.training.model.DefaultModel;
import dev.fang.training.model.Explanation;
import dev.fang.training.model.Model;
import dev.fang.training.model.Scorer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "scan", description = {
        "The detector without Kafka: score local archives (.tar.gz, .zip, .whl, .deb) or directories, give each",
        "consumer's verdict and the top reasons with file:line evidence. Nothing is executed.",
        "Exit code: 0 nothing flagged, 1 something flagged, 2 usage error."})
final class ScanCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REASONS = 5;

    @Mixin
    ConfigOptions options;

    @Parameters(arity = "1..*", paramLabel = "PATH")
    List<Path> paths;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (default: the shipped models/default).")
    Path modelDir;

    @Option(names = "--format", defaultValue = "text", description = "text, json (one object per line) or sarif (one SARIF 2.1.0 log); default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--threads", paramLabel = "N", description = "Packages scanned in parallel (default: all cores).")
    Integer threads;

    @Spec
    CommandSpec spec;

    /** The outcome for one input: a score with verdicts and reasons, or why there is none. */
    record Outcome(Path path, String name, String version, Double score, Map<String, Boolean> verdicts,
                   Map<String, Double> thresholds, List<Reason> reasons, String error) {
        boolean flagged() {
            return verdicts.values().stream().anyMatch(Boolean::booleanValue);
        }
    }

    record Reason(String feature, double value, double contribution, List<Evidence> evidence) {
    }

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json") && !format.equals("sarif")) {
            throw new IllegalArgumentException("--format must be text, json or sarif");
        }
        Path dir = modelDir != null ? modelDir : DefaultModel.dir(options.load());
        try (Model model = Model.load(dir, FeatureCatalogue.VERSION)) {
            Map<String, Double> thresholds = new LinkedHashMap<>();
            for (ConsumerPolicy consumer : DefaultConsumers.all()) {
                thresholds.put(consumer.getConsumerId(), consumer.getThreshold() != null ? consumer.getThreshold() : model.thresholdFor(consumer.getTargetFpr()));
            }
            PackageLoader loader = new PackageLoader(options.load().archiveLimits(), SafeArchiveReader.LinkPolicy.SKIP);
            PackageFeaturizer featurizer = new PackageFeaturizer();
            Scorer scorer = model.newScorer(); // thread-safe: one serves every scanning thread
            int parallelism = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            ExecutorService pool = Executors.newFixedThreadPool(parallelism);
            try {
                List<Future<Outcome>> outcomes = new ArrayList<>();
                for (Path path : paths) {
                    outcomes.add(pool.submit(() -> scan(path, loader, featurizer, scorer, thresholds)));
                }
                boolean flagged = false;
                PrintWriter out = spec.commandLine().getOut();
                ScanSarif sarif = format.equals("sarif") ? new ScanSarif(model.id()) : null;
                for (Future<Outcome> future : outcomes) {
                    Outcome outcome = future.get();
                    flagged |= outcome.flagged();
                    if (sarif != null) {
                        sarif.add(outcome);
                    } else {
                        out.println(format.equals("json") ? json(outcome) : text(outcome, model.id()));
                        out.flush();
                    }
                }
                if (sarif != null) {
                    out.println(sarif.toJson());
                    out.flush();
                }
                return flagged ? 1 : 0;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Outcome scan(Path path, PackageLoader loader, PackageFeaturizer featurizer, Scorer scorer, Map<String, Double> thresholds) {
        String name = PackageNames.guess(path);
        String version = PackageNames.version(path);
        try {
            if (!Files.exists(path)) {
                throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such file or directory");
            }
            PackageContents contents = Files.isDirectory(path) ? loader.fromDirectory(name, version, path) : loader.fromArchive(name, version, path);
            FeatureResult features = featurizer.featurize(contents);
            Explanation explanation = scorer.explain(features.values());
            Map<String, Boolean> verdicts = new LinkedHashMap<>();
            thresholds.forEach((consumer, threshold) -> verdicts.put(consumer, explanation.score() >= threshold));
            List<Reason> reasons = new ArrayList<>();
            for (Contribution contribution : explanation.top(REASONS)) {
                reasons.add(new Reason(contribution.feature(), contribution.value(), contribution.contribution(),
                        features.evidenceFor(contribution.feature())));
            }
            return new Outcome(path, name, version, explanation.score(), verdicts, thresholds, reasons, null);
        } catch (Exception e) {
            // An input that cannot be analysed gets no score, says why, and the scan goes on.
            String reason = e instanceof java.nio.file.NoSuchFileException missing ? missing.getReason() : e.getMessage();
            return new Outcome(path, name, version, null, Map.of(), thresholds, List.of(), reason == null ? e.toString() : reason);
        }
    }

    private static String json(Outcome outcome) {
        ObjectNode line = JSON.createObjectNode();
        line.put("path", outcome.path().toString());
        line.put("package", outcome.name());
        line.put("version", outcome.version());
        if (outcome.error() != null) {
            line.put("error", outcome.error());
        } else {
            line.put("score", outcome.score());
        }
        line.set("verdicts", JSON.valueToTree(outcome.verdicts()));
        line.set("thresholds", JSON.valueToTree(outcome.thresholds()));
        ArrayNode reasons = line.putArray("reasons");
        for (Reason reason : outcome.reasons()) {
            ObjectNode node = reasons.addObject();
            node.put("feature", reason.feature());
            node.put("value", reason.value());
            node.put("contribution", reason.contribution());
            ArrayNode evidence = node.putArray("evidence");
            reason.evidence().forEach(item -> evidence.add(RecordJson.toNode(item)));
        }
        return line.toString();
    }

    private static String text(Outcome outcome, String modelId) {
        if (outcome.error() != null) {
            return outcome.path() + ": not analysed: " + outcome.error();
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s  %s %s  score %.4f (model %s)", outcome.path(),
                outcome.name(), outcome.version(), outcome.score(), modelId));
        outcome.verdicts().forEach((consumer, alert) -> text.append(String.format(Locale.ROOT, "%n  %-18s %s (threshold %.4f)",
                consumer, alert ? "ALERT" : "ok", outcome.thresholds().get(consumer))));
        for (Reason reason : outcome.reasons()) {
            text.append(String.format(Locale.ROOT, "%n  %+.3f %s = %s", reason.contribution(), reason.feature(), reason.value()));
            for (Evidence evidence : reason.evidence().stream().limit(2).toList()) {
                text.append(String.format(Locale.ROOT, "%n      %s:%d  %s%s", evidence.getFile(), evidence.getLine(), evidence.getSnippet(),
                        evidence.getDecoded() == null ? "" : "  → " + evidence.getDecoded()));
            }
        }
        return text.toString();
    }
}
