package dev.fang.training.evaluation;

import dev.fang.training.model.ModelInfo;
import java.util.List;

/**
 * Everything {@code docs/evaluation.md} shows.
 *
 * @param model    the evaluated model's metadata, or null
 * @param config   operating points and PyPI volume assumptions
 * @param splits   held-out evaluations: the group k-fold first, then the time split
 * @param ranking  top features of the final model, or null
 */
public record EvaluationReport(ModelInfo model, EvaluationConfig config, List<SplitEvaluation> splits, FeatureRanking ranking) {
    public EvaluationReport {
        splits = List.copyOf(splits);
    }

    /** Layout features among the top {@value ShortcutGuard#TOP} (empty without a ranking). */
    public List<String> shortcutViolations() {
        return ranking == null ? List.of() : ShortcutGuard.violations(ranking, ShortcutGuard.TOP);
    }
}
