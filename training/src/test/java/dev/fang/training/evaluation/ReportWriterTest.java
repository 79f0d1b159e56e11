package dev.fang.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.model.Holdout;
import dev.fang.training.model.Synthetic;
import dev.fang.training.model.Trainer;
import dev.fang.training.model.TrainingResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void writesMarkdownAndValidPngs(@TempDir Path dir) throws Exception {
        Dataset data = Synthetic.dataset(150, 2.0, false, 9);
        Trainer trainer = new Trainer(Synthetic.fastConfig(5));
        TrainingResult result = trainer.train(data);
        Holdout time = trainer.timeSplit(data);
        EvaluationReport report = new Evaluator(EvaluationConfig.defaults()).report(data, result, time);

        Path markdown = dir.resolve("docs/evaluation.md");
        Files.createDirectories(markdown.getParent());
        List<Path> written = ReportWriter.write(report, markdown);

        assertThat(written).contains(markdown, dir.resolve("docs/evaluation/roc.png"), dir.resolve("docs/evaluation/operating-points.png"),
                dir.resolve("docs/evaluation/histogram-group-5-fold.png"), dir.resolve("docs/evaluation/histogram-time-split.png"));
        for (Path file : written) {
            if (file.toString().endsWith(".png")) {
                byte[] bytes = Files.readAllBytes(file);
                assertThat(Arrays.copyOf(bytes, 8)).as(file.toString()).containsExactly(PNG_SIGNATURE);
                BufferedImage image = ImageIO.read(file.toFile());
                assertThat(image.getWidth()).isEqualTo(Plots.WIDTH);
                assertThat(image.getHeight()).isEqualTo(Plots.HEIGHT);
            }
        }
        String md = Files.readString(markdown);
        assertThat(md).contains("# Fang evaluation", result.info().modelId(), "## Summary", "## group 5-fold", "## time split",
                "TPR at 0.1% FPR", "TPR at 1% FPR", "TPR at 10% FPR", "false alarms/day", "precision",
                "Per malware category", "probably_pentest", "Per package size", "Per benign source", "graalpy", "debian-source",
                "Top features of the final model", "Layout-shortcut check", "**passed**",
                "](evaluation/roc.png)", "](evaluation/histogram-time-split.png)");
        assertThat(report.splits()).hasSize(2);
        assertThat(report.splits().get(0).rocAuc()).isEqualTo(result.info().crossValidation().oofRocAuc());

        // the same report written twice gives the same bytes
        byte[] first = Files.readAllBytes(markdown);
        ReportWriter.write(report, markdown);
        assertThat(Files.readAllBytes(markdown)).isEqualTo(first);
    }
}
