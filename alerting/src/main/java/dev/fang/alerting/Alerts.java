package dev.fang.alerting;

import dev.fang.schema.Alert;
import dev.fang.schema.ConsumerDecision;
import dev.fang.schema.Contribution;
import dev.fang.schema.Evidence;
import dev.fang.schema.ReleaseKeys;
import dev.fang.schema.Verdict;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the alert a reviewer reads: the verdict's reasons with evidence, and the links to check them. */
final class Alerts {
    private static final int FILE_LINKS = 5;

    private Alerts() {
    }

    static Alert of(Verdict verdict, ConsumerDecision decision, Instant firstSeen) {
        return Alert.newBuilder()
                .setReleaseKey(verdict.getReleaseKey())
                .setName(verdict.getName())
                .setVersion(verdict.getVersion())
                .setFilename(verdict.getFilename())
                .setConsumerId(decision.getConsumerId())
                .setScore(verdict.getScore())
                .setThreshold(decision.getThreshold())
                .setModelId(verdict.getModelId())
                .setReasons(verdict.getTopContributions())
                .setLinks(links(verdict))
                .setFirstSeen(firstSeen)
                .build();
    }

    /**
     * The project page, the release in PyPI's inspector, and where in the distribution file each reason points
     * ({@code file:<path>} → {@code <distribution file>/<path>:<line>}), to be opened in the inspector.
     */
    static Map<String, String> links(Verdict verdict) {
        String name = ReleaseKeys.normalizeName(verdict.getName());
        String version = encode(verdict.getVersion());
        Map<String, String> links = new LinkedHashMap<>();
        links.put("project", "https://pypi.org/project/" + name + "/" + version + "/");
        String inspector = "https://inspector.pypi.io/project/" + name + "/" + version + "/";
        links.put("inspector", inspector);
        for (Contribution reason : verdict.getTopContributions()) {
            for (Evidence evidence : reason.getEvidence()) {
                if (links.size() >= FILE_LINKS + 2) {
                    return links;
                }
                links.putIfAbsent("file:" + evidence.getFile(), verdict.getFilename() + "/" + evidence.getFile()
                        + (evidence.getLine() > 0 ? ":" + evidence.getLine() : ""));
            }
        }
        return links;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
