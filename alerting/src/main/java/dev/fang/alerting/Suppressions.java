package dev.fang.alerting;

import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.Contribution;
import dev.fang.schema.ReleaseKeys;
import dev.fang.schema.Suppression;
import dev.fang.schema.Verdict;

/**
 * Which of a consumer's suppressions, if any, covers a verdict. A suppression names a release (normalized project
 * name and exact version), and may narrow itself to one file by hash and to alerts whose strongest reason is one
 * feature; it never matches a file path or a whole project, so a new version, a re-built file or a new finding
 * alerts again.
 */
final class Suppressions {
    private Suppressions() {
    }

    /** The first suppression of the policy that covers the verdict, or null. */
    static Suppression covering(ConsumerPolicy policy, Verdict verdict) {
        String name = ReleaseKeys.normalizeName(verdict.getName());
        for (Suppression s : policy.getSuppressions()) {
            if (ReleaseKeys.normalizeName(s.getPackageName()).equals(name) && s.getVersion().equals(verdict.getVersion())
                    && (s.getArtifactSha256() == null || s.getArtifactSha256().equalsIgnoreCase(nullToEmpty(verdict.getArtifactSha256())))
                    && (s.getFeature() == null || strongestReason(verdict).equals(s.getFeature()))) {
                return s;
            }
        }
        return null;
    }

    /** The feature that raised the score most (the reasons come largest share first, and may lower it too). */
    private static String strongestReason(Verdict verdict) {
        return verdict.getTopContributions().stream().filter(c -> c.getContribution() > 0).findFirst()
                .map(Contribution::getFeature).orElse("");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
