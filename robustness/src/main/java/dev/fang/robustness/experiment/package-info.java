/**
 * The robustness experiment ({@code fang robustness}): per group fold, a base model and adversarially trained
 * models, each measured clean, under the {@link dev.fang.robustness.GreedyAttack greedy attack}, and on obfuscated
 * benign packages, then written up as JSON and a Markdown report. Packages are read and rewritten in memory, never
 * run; only feature vectors and scores are cached on disk.
 */
package dev.fang.robustness.experiment;
