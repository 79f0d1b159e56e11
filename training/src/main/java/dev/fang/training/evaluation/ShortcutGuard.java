package dev.fang.training.evaluation;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.model.Scorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Guards against the layout trap: malicious samples are sdists, many benign sources are installed trees, so a
 * feature that tells one layout from the other fakes a great score and fails in production.
 *
 * <p>{@link #rank} ranks features by gain and by mean |SHAP|; {@link #violations} lists packaging-layout features in
 * the top {@code n} of either ranking; {@link #assertNoLayoutShortcut} fails when there is one.
 */
public final class ShortcutGuard {
    /** How many top features must be free of layout features. */
    public static final int TOP = 10;

    /**
     * Names of packaging-layout features (matched anywhere in the name, case-insensitive): packaging metadata
     * directories and files ({@code PKG-INFO}, {@code *.egg-info} — but not the {@code hook_egg_info_subclasses}
     * code feature, which counts classes overriding the egg_info command —, {@code *.dist-info}, {@code RECORD},
     * {@code METADATA}, {@code MANIFEST}), archive formats, total file counts, presence of setup files, directory
     * depth, and {@code pkg_ext_py} (the number of Python files: a file count by another name).
     */
    public static final List<Pattern> LAYOUT_PATTERNS = List.of(
            Pattern.compile("(?<!hook_)egg[_-]?info", Pattern.CASE_INSENSITIVE),
            Pattern.compile("pkg[_-]info", Pattern.CASE_INSENSITIVE),
            Pattern.compile("dist[_-]?info", Pattern.CASE_INSENSITIVE),
            Pattern.compile("(^|_)records?($|_)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("(^|_)metadata($|_)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("(^|_)manifest($|_)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("(^|_)(wheel|whl|sdist|tarball|archive_format)($|_)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("files?_(count|total|num)|(count|total|num|n)_files", Pattern.CASE_INSENSITIVE),
            Pattern.compile("(^|_)has_(setup|pyproject)|(setup_py|setup_cfg|pyproject)_(present|exists|count)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("(^|_)layout($|_)|(root|path|dir)_depth|(^|_)top_level($|_)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^pkg_ext_py$", Pattern.CASE_INSENSITIVE),
            // Compiled artefacts: installed trees carry built extensions, sdists carry their C sources.
            Pattern.compile("^pkg_ext_(so|pyd|other_binary)$", Pattern.CASE_INSENSITIVE));

    private ShortcutGuard() {
    }

    /** Whether a feature name looks like a packaging-layout feature. */
    public static boolean isLayoutFeature(String name) {
        return LAYOUT_PATTERNS.stream().anyMatch(p -> p.matcher(name).find());
    }

    /**
     * Ranks features by the model's total split gain and by mean |SHAP| over every row of {@code data} (which must use
     * the model's features, in order).
     */
    public static FeatureRanking rank(Scorer scorer, Dataset data) {
        List<String> names = data.featureNames();
        double[] gain = scorer.gainImportance();
        if (gain.length != names.size()) {
            throw new IllegalArgumentException("model has " + gain.length + " features, dataset " + names.size());
        }
        int features = names.size();
        int rows = data.rows().size();
        double[] shap = new double[features];
        int chunk = 512;
        for (int start = 0; start < rows; start += chunk) {
            int count = Math.min(chunk, rows - start);
            double[] block = new double[count * features];
            for (int f = 0; f < features; f++) {
                for (int i = 0; i < count; i++) {
                    block[i * features + f] = data.value(start + i, f);
                }
            }
            double[] contrib = scorer.contributions(block, count);
            for (int i = 0; i < count; i++) {
                for (int f = 0; f < features; f++) {
                    shap[f] += Math.abs(contrib[i * (features + 1) + f]);
                }
            }
        }
        for (int f = 0; f < features; f++) {
            shap[f] = rows == 0 ? 0 : shap[f] / rows;
        }
        return new FeatureRanking(sorted(names, gain), sorted(names, shap));
    }

    private static List<FeatureRanking.Entry> sorted(List<String> names, double[] values) {
        List<FeatureRanking.Entry> entries = new ArrayList<>();
        for (int f = 0; f < names.size(); f++) {
            entries.add(new FeatureRanking.Entry(names.get(f), values[f]));
        }
        entries.sort(Comparator.comparingDouble((FeatureRanking.Entry e) -> -e.value()).thenComparing(FeatureRanking.Entry::feature));
        return entries;
    }

    /** Layout features among the top {@code n} by gain or by SHAP (features with zero importance never count). */
    public static List<String> violations(FeatureRanking ranking, int n) {
        Set<String> found = new LinkedHashSet<>();
        for (List<FeatureRanking.Entry> list : List.of(ranking.byGain(), ranking.byShap())) {
            list.stream().limit(n).filter(e -> e.value() > 0).map(FeatureRanking.Entry::feature)
                    .filter(ShortcutGuard::isLayoutFeature).forEach(found::add);
        }
        return List.copyOf(found);
    }

    /** Fails when a packaging-layout feature is among the top {@value #TOP} features by gain or by SHAP. */
    public static void assertNoLayoutShortcut(FeatureRanking ranking) {
        List<String> bad = violations(ranking, TOP);
        if (!bad.isEmpty()) {
            throw new ShortcutException("packaging-layout features among the top " + TOP + " by gain or SHAP: " + bad
                    + " (top by gain: " + ranking.topByGain(TOP) + "; by SHAP: " + ranking.topByShap(TOP) + ")");
        }
    }

    /** A layout feature carries the model. */
    public static final class ShortcutException extends IllegalStateException {
        public ShortcutException(String message) {
            super(message);
        }
    }
}
