package dev.fang.robustness.experiment;

import dev.fang.featurize.features.PackageContents;
import dev.fang.training.dataset.Dataset;
import java.util.Set;
import java.util.function.Function;

/**
 * One way of turning packages into vectors, and the dataset built that way: the study trains a base model and its
 * adversarially trained models per space. Attacks and obfuscated packages go through {@code featurizer}, so a space
 * measures the robustness of its own featurization (e.g. with or without deobfuscation).
 *
 * @param name        short name used in model names and cache keys, e.g. {@code default}
 * @param data        the dataset, every row featurized by {@code featurizer}
 * @param ignored     features the models must not learn from (zeroed in training rows, as {@code fang train} does);
 *                    adversarial and obfuscated training rows are zeroed the same way
 * @param featurizer  package to feature vector, in {@code data}'s feature order; called from several threads
 */
public record FeatureSpace(String name, Dataset data, Set<String> ignored, Function<PackageContents, double[]> featurizer) {
    public FeatureSpace {
        ignored = Set.copyOf(ignored);
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("feature space name must be letters, digits, '-' or '_': " + name);
        }
    }

    /** The dataset as models learn from it. */
    Dataset learnable() {
        return data.withFeaturesZeroed(ignored::contains);
    }

    /** A vector as models learn from it: ignored features zeroed. */
    double[] learnable(double[] vector) {
        double[] copy = vector.clone();
        for (int f = 0; f < copy.length; f++) {
            if (ignored.contains(data.featureNames().get(f))) {
                copy[f] = 0;
            }
        }
        return copy;
    }
}
