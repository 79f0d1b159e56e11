package dev.fang.training.model;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Features that can only grow when code is added to a package, and the LightGBM constraints that make a model's
 * score non-decreasing in each of them.
 *
 * <p>Why: dead-code padding, decoy files and big benign-looking modules are the cheapest evasion (the greedy attack
 * lowers an unconstrained model's score mostly with them), and they work because an unconstrained model learns
 * exculpatory evidence — "big, dense, varied code is benign" — that an attacker can add at will. Counts, distinct
 * counts and per-file maxima only grow when code is added, so a model trained on those alone, constrained to be
 * non-decreasing in every one, cannot be pushed down by adding code: padding can only raise its score. Densities,
 * shares, means, minima and entropies of a file move either way when code is added, so such a model does not use them.
 */
public final class MonotoneFeatures {
    /** Base names (scope prefix removed) of features that adding code can lower. */
    private static final Pattern CAN_SHRINK = Pattern.compile(
            "^(op_.*|identifier_.*|long_line_share_max|whitespace_share_min|parse_quality_.*|apiobf_only_hidden)$");
    private static final Pattern SCOPE = Pattern.compile("^(install|import|pkg)_");

    private MonotoneFeatures() {
    }

    /** True when adding code (a file, a function, a line) to a package can never lower this feature. */
    public static boolean growsWithCode(String featureName) {
        return !CAN_SHRINK.matcher(baseName(featureName)).matches();
    }

    /** The feature's name without its scope prefix: {@code import_url_distinct} → {@code url_distinct}. */
    public static String baseName(String featureName) {
        return SCOPE.matcher(featureName).replaceFirst("");
    }

    /**
     * LightGBM {@code monotone_constraints} for these features: 1 (non-decreasing) where {@link #growsWithCode}, else 0
     * — train on a dataset with those features zeroed, so the model cannot use them at all.
     */
    public static String constraints(List<String> featureNames) {
        return constraints(featureNames, name -> true);
    }

    /**
     * Constraints for only some features: 1 for those {@code constrained} accepts that {@link #growsWithCode}, else 0 (free).
     * A partly monotone model still learns from everything, but can no longer read "more of this" as innocence — more
     * URLs, more decoded strings — which is what padding with popular URLs or IPs exploits.
     */
    public static String constraints(List<String> featureNames, java.util.function.Predicate<String> constrained) {
        return featureNames.stream().map(name -> constrained.test(name) && growsWithCode(name) ? "1" : "0").collect(Collectors.joining(","));
    }
}
