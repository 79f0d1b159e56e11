/**
 * Adversarial robustness: behaviour-preserving source-to-source {@link dev.fang.robustness.Transformation}s of a
 * package held in memory (string and API obfuscation, renaming, padding, payload relocation), and the seed
 * paper's {@link dev.fang.robustness.GreedyAttack} that chains them against a model.
 *
 * <p>Rewrites work on the token positions of our own front end ({@code featurize.parser}) and consult the
 * syntax tree where scope matters. A file is rewritten only if it parses cleanly, and a rewrite is kept
 * only if it parses cleanly again; anything a transformation cannot prove safe is left as it was. Nothing
 * here runs package code.
 */
package dev.fang.robustness;
