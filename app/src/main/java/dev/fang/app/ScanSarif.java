package dev.fang.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fang.schema.Evidence;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A scan as one SARIF 2.1.0 log, for code-scanning dashboards and CI. A flagged package is a result of rule
 * {@code fang/malicious-package} whose locations are the file:line evidence of its top reasons: level {@code error}
 * when the strictest consumer (the highest threshold) alerts, {@code warning} when only looser ones do. An input that
 * could not be analysed is a {@code fang/not-analysed} warning. Files inside an archive are artifacts whose parent is
 * the archive, as SARIF describes them; files of a directory are paths under it.
 */
final class ScanSarif {
    static final String MALICIOUS = "fang/malicious-package";
    static final String NOT_ANALYSED = "fang/not-analysed";
    private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectNode log = json.createObjectNode();
    private final ArrayNode artifacts;
    private final ArrayNode results;
    private final Map<String, Integer> artifactIndex = new HashMap<>();

    ScanSarif(String modelId) {
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "fang");
        driver.put("version", modelId);
        ArrayNode rules = driver.putArray("rules");
        rule(rules, MALICIOUS, "MaliciousPackage", "The package's code looks malicious to the model",
                "The model's score is at or above a consumer's threshold. The locations are the evidence of the features "
                        + "that contributed most to the score.", "error");
        rule(rules, NOT_ANALYSED, "NotAnalysed", "The input could not be analysed",
                "The input could not be read as a package (a missing file, a corrupt or unsafe archive); it has no score.", "warning");
        artifacts = run.putArray("artifacts");
        results = run.putArray("results");
    }

    private static void rule(ArrayNode rules, String id, String name, String summary, String full, String level) {
        ObjectNode rule = rules.addObject();
        rule.put("id", id);
        rule.put("name", name);
        rule.putObject("shortDescription").put("text", summary);
        rule.putObject("fullDescription").put("text", full);
        rule.putObject("defaultConfiguration").put("level", level);
    }

    /** Adds the outcome of one input: a result when it is flagged or was not analysed, nothing when it passed. */
    void add(ScanCommand.Outcome outcome) {
        if (outcome.error() != null) {
            ObjectNode result = result(NOT_ANALYSED, "warning", outcome.path() + ": not analysed: " + outcome.error());
            location(result.putArray("locations"), outcome.path(), null, 0);
            return;
        }
        if (!outcome.flagged()) {
            return;
        }
        String strictest = outcome.thresholds().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
        String alerted = outcome.verdicts().entrySet().stream().filter(Map.Entry::getValue)
                .map(e -> String.format(Locale.ROOT, "%s (threshold %.4f)", e.getKey(), outcome.thresholds().get(e.getKey())))
                .collect(Collectors.joining(", "));
        String reasons = outcome.reasons().stream()
                .map(r -> String.format(Locale.ROOT, "%s %+.3f", r.feature(), r.contribution())).collect(Collectors.joining(", "));
        ObjectNode result = result(MALICIOUS, outcome.verdicts().getOrDefault(strictest, false) ? "error" : "warning",
                String.format(Locale.ROOT, "%s scores %.4f: alert for %s. Top reasons: %s.",
                        (outcome.name() + " " + outcome.version()).strip(), outcome.score(), alerted, reasons));
        ArrayNode locations = result.putArray("locations");
        for (ScanCommand.Reason reason : outcome.reasons()) {
            for (Evidence evidence : reason.evidence().stream().limit(1).toList()) {
                // the evidence's snippet describes what was found there, which is not always the line's text
                location(locations, outcome.path(), evidence.getFile(), evidence.getLine()).putObject("message").put("text",
                        reason.feature() + " = " + reason.value() + ": " + evidence.getSnippet()
                                + (evidence.getDecoded() == null ? "" : " (decoded: " + evidence.getDecoded() + ")"));
            }
        }
        ObjectNode properties = result.putObject("properties");
        properties.put("package", outcome.name());
        properties.put("version", outcome.version());
        properties.put("score", outcome.score());
        properties.set("verdicts", json.valueToTree(outcome.verdicts()));
        properties.set("thresholds", json.valueToTree(outcome.thresholds()));
    }

    String toJson() {
        return log.toPrettyString();
    }

    private ObjectNode result(String ruleId, String level, String message) {
        ObjectNode result = results.addObject();
        result.put("ruleId", ruleId);
        result.put("level", level);
        result.putObject("message").put("text", message);
        return result;
    }

    /** A location in {@code file} of the input (a directory or an archive), or in the input itself when file is null. */
    private ObjectNode location(ArrayNode locations, Path input, String file, int line) {
        ObjectNode physical = locations.addObject().putObject("physicalLocation");
        ObjectNode artifact = physical.putObject("artifactLocation");
        if (file == null || file.isEmpty()) {
            artifact.put("uri", uri(input.toString()));
            artifact.put("index", artifact(uri(input.toString()), -1));
        } else if (Files.isDirectory(input)) {
            String uri = uri(input.resolve(file).toString());
            artifact.put("uri", uri);
            artifact.put("index", artifact(uri, -1));
        } else {
            String uri = uri(file);
            artifact.put("uri", uri);
            artifact.put("index", artifact(uri, artifact(uri(input.toString()), -1)));
        }
        if (line > 0) {
            physical.putObject("region").put("startLine", line);
        }
        return (ObjectNode) locations.get(locations.size() - 1);
    }

    /** The index of an artifact in the run's list, added on first use; {@code parent} -1 for none. */
    private int artifact(String uri, int parent) {
        return artifactIndex.computeIfAbsent(parent + " " + uri, k -> {
            ObjectNode artifact = artifacts.addObject();
            artifact.putObject("location").put("uri", uri);
            if (parent >= 0) {
                artifact.put("parentIndex", parent);
            }
            return artifacts.size() - 1;
        });
    }

    /** A path as a relative URI reference: separators as '/', anything else a URI cannot hold percent-encoded. */
    private static String uri(String path) {
        String p = path.replace('\\', '/');
        int colon = p.indexOf(':');
        if (colon >= 0 && !p.startsWith("/") && (p.indexOf('/') < 0 || colon < p.indexOf('/'))) {
            p = "./" + p;   // else the part before the colon would read as a scheme
        }
        try {
            return new URI(null, null, p, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("no URI for " + path, e);
        }
    }
}
