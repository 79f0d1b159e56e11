package dev.fang.training.model;

import dev.fang.training.calibration.Calibration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything {@link Trainer#train} produced: the final model, its metadata, the calibration table and the
 * out-of-fold scores behind them.
 *
 * @param info         what goes to {@code model.json}
 * @param modelText    LightGBM text model of the final model (trained on all rows)
 * @param calibration  out-of-fold scores of every benign row
 * @param outOfFold    out-of-fold score of every row (row {@code i} of the dataset at {@code outOfFold.rows()[i] == i})
 * @param foldOfRow    outer fold of every dataset row
 */
public record TrainingResult(ModelInfo info, String modelText, Calibration calibration, Holdout outOfFold, int[] foldOfRow) {

    public static final String MODEL_FILE = "model.txt";

    public TrainingResult {
        foldOfRow = foldOfRow.clone();
    }

    /** A scorer over the final model (thread-safe). */
    public Scorer newScorer() {
        return new Scorer(modelText, info.featureNames());
    }

    /**
     * Writes a model directory: {@code model.txt} (LightGBM text model), {@code model.json} ({@link ModelInfo}) and
     * {@code calibration.tsv} ({@link Calibration}). Existing files of those names are replaced.
     */
    public Path writeModelDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MODEL_FILE), modelText, StandardCharsets.UTF_8);
        info.write(dir.resolve(ModelInfo.FILE));
        calibration.write(dir.resolve(Calibration.FILE));
        return dir;
    }
}
