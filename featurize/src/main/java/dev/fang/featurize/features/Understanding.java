package dev.fang.featurize.features;

/**
 * How much of the code the featurizer understands before it computes the features. Both modes fill the same
 * catalogue, so the same training code runs on either; comparing the two models shows what understanding buys
 * (issue 6: robustness).
 */
public enum Understanding {
    /**
     * Fang's own: names resolved through imports, aliases and dynamic lookups, strings folded and decoded,
     * decoded code analysed in turn ({@link dev.fang.featurize.analysis.ModuleAnalyzer}).
     */
    FULL,
    /**
     * The seed paper's approach, lexer tokens only: APIs as written, strings as written, nothing decoded
     * ({@link dev.fang.featurize.analysis.RawTokenAnalyzer}); obfuscation is counted from surface patterns of
     * the tokens.
     */
    RAW_TOKENS;

    /** Short name for cache keys and file names: {@code full}, {@code raw-tokens}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
