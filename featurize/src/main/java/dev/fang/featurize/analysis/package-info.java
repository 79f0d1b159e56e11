/**
 * Fang's semantic engine for Python: {@link dev.fang.featurize.analysis.ModuleAnalyzer} turns a parsed file
 * into a {@link dev.fang.featurize.analysis.ModuleAnalysis} &mdash; API references resolved to canonical names
 * with the detours used to write them ({@link dev.fang.featurize.analysis.ApiUse},
 * {@link dev.fang.featurize.analysis.Obfuscation}), string constants after folding and decoding
 * ({@link dev.fang.featurize.analysis.StringConstant}), classes with resolved bases, and code hidden in
 * constants, parsed and analysed recursively ({@link dev.fang.featurize.analysis.DecodedPayload}).
 * {@link dev.fang.featurize.analysis.RawTokenAnalyzer} fills the same records the seed paper's way, from tokens
 * as written, for the raw-tokens baseline.
 *
 * <p>The records are the contract with the feature families in {@code dev.fang.featurize.features}; everything
 * else here ({@code Evaluator}, {@code Folds}, {@code Codecs}, {@code Value}, {@code Scope}, {@code Run}) is an
 * implementation detail.
 */
package dev.fang.featurize.analysis;
