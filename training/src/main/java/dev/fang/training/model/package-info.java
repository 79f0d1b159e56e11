/**
 * Training and scoring Fang's LightGBM model.
 *
 * <h2>Model directory</h2>
 * <pre>
 * model.txt        LightGBM text model of the final model (trained on all rows)
 * model.json       {@link dev.fang.training.model.ModelInfo}: model id, feature catalogue version, feature names,
 *                  hyper-parameters, rounds, full LightGBM parameters, training-data summary (counts per label, kind
 *                  and category, dataset SHA-256), cross-validation summary (out-of-fold ROC-AUC, per-fold choices),
 *                  calibration size, SHA-256 of model.txt
 * calibration.tsv  {@link dev.fang.training.calibration.Calibration}: out-of-fold scores of every benign package,
 *                  ascending, "score&lt;TAB&gt;id"
 * </pre>
 * {@link dev.fang.training.model.Trainer} writes it (via {@link dev.fang.training.model.TrainingResult#writeModelDir});
 * {@link dev.fang.training.model.Model#load(java.nio.file.Path, String)} reads it back, refusing a model of another
 * feature catalogue or a model.txt that is not the one model.json describes.
 */
package dev.fang.training.model;
