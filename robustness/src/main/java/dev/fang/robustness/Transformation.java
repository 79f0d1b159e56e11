package dev.fang.robustness;

import dev.fang.featurize.features.PackageContents;

/**
 * A behaviour-preserving source-to-source rewrite of a package, in memory. Each occurrence it could rewrite
 * is rewritten with the given probability; the same package, probability and seed always give the same
 * output. Code it cannot rewrite safely (a file that does not parse cleanly, a name it cannot prove local)
 * is left as it is.
 */
public interface Transformation {
    String name();

    PackageContents apply(PackageContents pkg, double probability, long seed);
}
