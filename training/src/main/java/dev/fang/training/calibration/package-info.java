/** Per-consumer thresholds: a target false-positive rate mapped to a score threshold on held-out benign scores. */
package dev.fang.training.calibration;
