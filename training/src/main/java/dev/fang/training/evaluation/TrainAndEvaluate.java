package dev.fang.training.evaluation;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.model.Holdout;
import dev.fang.training.model.Trainer;
import dev.fang.training.model.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The whole job behind {@code fang train} / {@code fang evaluate}: cross-validate and train, run the time split,
 * write the model directory and the evaluation report, and check for layout shortcuts.
 */
public final class TrainAndEvaluate {
    private TrainAndEvaluate() {
    }

    /** What a run produced. */
    public record Outcome(TrainingResult training, Holdout timeSplit, EvaluationReport report) {
    }

    /**
     * @param trainer         how models are trained (its configuration, and its adversarial training if any)
     * @param modelDir        where to write the model directory (null: don't)
     * @param markdown        where to write the report, e.g. {@code docs/evaluation.md} (null: don't)
     * @param timeSplit       also run the time split (needs dated malware)
     * @param failOnShortcut  throw {@link ShortcutGuard.ShortcutException} (after writing the report, before writing
     *                        the model directory) when a layout feature is in the top 10
     */
    public static Outcome run(Dataset data, Trainer trainer, EvaluationConfig evaluation, Path modelDir, Path markdown,
                              boolean timeSplit, boolean failOnShortcut) throws IOException {
        TrainingResult result = trainer.train(data);
        Holdout time = timeSplit ? trainer.timeSplit(data) : null;
        EvaluationReport report = new Evaluator(evaluation).report(data, result, time);
        if (markdown != null) {
            ReportWriter.write(report, markdown);
        }
        if (failOnShortcut) {
            ShortcutGuard.assertNoLayoutShortcut(report.ranking());
        }
        if (modelDir != null) {
            result.writeModelDir(modelDir);
        }
        return new Outcome(result, time, report);
    }
}
