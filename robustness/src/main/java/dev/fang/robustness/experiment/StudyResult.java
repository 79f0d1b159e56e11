package dev.fang.robustness.experiment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.fang.training.evaluation.SplitEvaluation;
import java.util.List;

/**
 * Everything one run of the study measured.
 *
 * @param config             what was sampled and how
 * @param folds              outer folds of the group split
 * @param models             base and adversarially trained models of every feature space, in that order
 * @param attacksRun         attacks computed in this run
 * @param attacksCached      attacks read back from the cache
 * @param meanAttackSeconds  mean wall time of the attacks computed in this run (0 when all came from the cache)
 * @param seconds            wall time of the whole study
 * @param skipped            packages left out (cannot be loaded, featurized or attacked), {@code id<TAB>reason}
 */
public record StudyResult(StudyConfig config, int folds, List<ModelResult> models, int attacksRun, int attacksCached,
                          double meanAttackSeconds, double seconds, List<String> skipped) {
    public StudyResult {
        models = List.copyOf(models);
        skipped = List.copyOf(skipped);
    }

    public ModelResult model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model " + name));
    }

    /**
     * One model (base, or adversarially trained with p% of the attacked training sample) of one feature space,
     * measured over all folds: fold k's packages are always scored by fold k's model.
     *
     * @param name       {@code space/base} or {@code space/at20}
     * @param atPercent  0 for the base model
     * @param clean      out-of-fold evaluation of the model (thresholds from its own held-out benign scores)
     * @param points     one per {@link StudyConfig#TARGET_FPRS}
     * @param scoreDrops how much each transformation family lowered the score in the attacks on this model
     * @param attacks    the attacked test malware
     * @param obfuscated the obfuscated held-out benign packages
     * @param training   per fold: the model, and which packages adversarial training added
     */
    public record ModelResult(String name, String space, int atPercent, @JsonIgnore SplitEvaluation clean, double rocAuc,
                              List<Point> points, List<FamilyDrop> scoreDrops, List<Attacked> attacks,
                              List<Obfuscated> obfuscated, List<FoldTraining> training) {
        public ModelResult {
            points = List.copyOf(points);
            scoreDrops = List.copyOf(scoreDrops);
            attacks = List.copyOf(attacks);
            obfuscated = List.copyOf(obfuscated);
            training = List.copyOf(training);
        }

        public Point at(double targetFpr) {
            return points.stream().filter(p -> p.targetFpr() == targetFpr).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no operating point at " + targetFpr));
        }
    }

    /**
     * One operating point of one model.
     *
     * @param threshold               read off the model's out-of-fold benign scores (real benign packages only)
     * @param cleanTpr                out-of-fold TPR over all malware
     * @param sampleCleanTpr          TPR over the attacked sample before the attack
     * @param attackedTpr             TPR over the attacked sample after the attack on this model
     * @param benignSampleFlagged     share of the held-out benign sample flagged as published
     * @param obfuscatedBenignFlagged share of the same packages flagged after every transformation
     */
    public record Point(double targetFpr, double threshold, double cleanTpr, double sampleCleanTpr, double attackedTpr,
                        double benignSampleFlagged, double obfuscatedBenignFlagged) {
    }

    /**
     * @param family      a transformation ({@code strings}, {@code api}, ...) or {@code padding:<kind>}
     * @param meanDrop    score lowered by the family's kept moves, summed per package, averaged over attacked packages
     * @param lowered     attacked packages whose score the family lowered
     * @param attacked    attacked packages
     */
    public record FamilyDrop(String family, double meanDrop, int lowered, int attacked) {
    }

    public record Attacked(String id, int fold, double originalScore, double attackedScore, double seconds) {
    }

    public record Obfuscated(String id, int fold, double originalScore, double obfuscatedScore) {
    }

    /**
     * @param modelId          {@code space-<first 16 hex of the model text's SHA-256>}, the attack cache key
     * @param adversarialIds   training malware whose adversarial version was added (label 1, its own group)
     * @param obfuscatedBenign training benign packages whose obfuscated version was added (label 0, its own group)
     */
    public record FoldTraining(int fold, String modelId, int trainingRows, List<String> adversarialIds, List<String> obfuscatedBenign) {
        public FoldTraining {
            adversarialIds = List.copyOf(adversarialIds);
            obfuscatedBenign = List.copyOf(obfuscatedBenign);
        }
    }
}
