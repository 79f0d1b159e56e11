/**
 * Honest evaluation on held-out scores only (group k-fold out-of-fold scores and the time split): ROC-AUC, TPR at
 * target FPRs, alerts a day at PyPI volume, results per category, size and benign source, top features and the
 * layout-shortcut guard; Markdown and PNG output ({@link dev.fang.training.evaluation.ReportWriter}).
 */
package dev.fang.training.evaluation;
