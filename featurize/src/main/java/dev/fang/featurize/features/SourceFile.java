package dev.fang.featurize.features;

/** One file of a package that the featurizer reads, by its normalized path inside the archive. */
public record SourceFile(String path, byte[] content) {
}
