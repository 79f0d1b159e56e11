package dev.fang.featurize.features;

import dev.fang.schema.Evidence;
import java.util.List;

/**
 * The features of one package.
 *
 * @param catalogueVersion {@link FeatureCatalogue#VERSION} the vector was computed with
 * @param values           one value per catalogue entry, in catalogue order
 * @param evidence         where non-zero features were seen (capped per feature and per package)
 * @param partial          a limit (time, bytes, files) or a failure cut the work short; the values are those of
 *                         the code that was read
 * @param notes            human-readable reasons for {@code partial} and other remarks (files skipped, ...)
 */
public record FeatureResult(String catalogueVersion, double[] values, List<Evidence> evidence, boolean partial,
                            List<String> notes) {
    public FeatureResult {
        values = values.clone();
        evidence = List.copyOf(evidence);
        notes = List.copyOf(notes);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** Value of the named feature. */
    public double value(String featureName) {
        return values[FeatureCatalogue.index(featureName)];
    }

    /** Evidence recorded for the named feature. */
    public List<Evidence> evidenceFor(String featureName) {
        return evidence.stream().filter(e -> e.getFeature().equals(featureName)).toList();
    }
}
