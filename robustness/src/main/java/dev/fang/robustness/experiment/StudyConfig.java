package dev.fang.robustness.experiment;

import dev.fang.robustness.Transformations;
import java.util.List;

/**
 * What the robustness study samples and how.
 *
 * @param seed                   seeds every sample, the attack and the obfuscation
 * @param testSample             test-fold malware attacked per fold and model (all of it when larger than the fold)
 * @param atSample               training-fold malware attacked per fold for adversarial training
 * @param atPercents             adversarially trained models: each adds the most evasive p% of the attacked training sample
 * @param benignSample           held-out real benign packages per fold, obfuscated and scored by every model
 * @param obfuscationProbability chance each occurrence is rewritten when a package is obfuscated (as {@code fang obfuscate})
 * @param threads                attacks, obfuscations and trainings run at once
 */
public record StudyConfig(long seed, int testSample, int atSample, List<Integer> atPercents, int benignSample,
                          double obfuscationProbability, int threads) {
    /** The operating points reported: the PyPI maintainers' 0.1% and the seed paper's 1% FPR. */
    public static final List<Double> TARGET_FPRS = List.of(0.001, 0.01);

    /** Chance each occurrence is rewritten when a package is obfuscated, unless told otherwise. */
    public static final double DEFAULT_OBFUSCATION_PROBABILITY = 0.5;

    public StudyConfig {
        atPercents = List.copyOf(atPercents);
        for (int p : atPercents) {
            if (p < 1 || p > 100) {
                throw new IllegalArgumentException("an adversarial-training percentage must be within 1..100, not " + p);
            }
        }
        if (testSample < 1 || atSample < 0 || benignSample < 0 || threads < 1) {
            throw new IllegalArgumentException("samples must be positive (AT and benign samples may be 0) and threads at least 1");
        }
        if (obfuscationProbability < 0 || obfuscationProbability > 1) {
            throw new IllegalArgumentException("obfuscation probability must be within [0, 1]");
        }
    }

    /** Every transformation, as {@code fang obfuscate} applies them by default. */
    static List<String> obfuscations() {
        return Transformations.names();
    }
}
