package dev.fang.training.dataset;

import dev.fang.featurize.features.PackageContents;

/**
 * One package to put in a dataset: described up front (label, group, digest for the cache), loaded only when
 * its features are not cached yet.
 *
 * @param row    the row, with {@code pythonBytes} filled in once the package is loaded
 * @param loader reads the package through the safe archive reader
 */
public record PackageSource(DatasetRow row, Loader loader) {
    @FunctionalInterface
    public interface Loader {
        PackageContents load() throws Exception;
    }
}
