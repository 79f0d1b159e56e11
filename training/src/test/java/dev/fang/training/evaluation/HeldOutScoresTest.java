package dev.fang.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.model.Holdout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldOutScoresTest {

    @Test
    void writesOneLinePerHeldOutRowWithItsScore(@TempDir Path dir) throws Exception {
        Dataset data = Dataset.fromRows("v", List.of("f"), List.of(
                new DatasetRow("deb:python3-six", 0, "six", "debian-binary", "", "", "", 1200),
                new DatasetRow("mal:evil-1.0", 1, "evil", "malregistry", "malicious", "2024-01-01", "", 340),
                new DatasetRow("mal:evil-1.0#obfuscated", 1, "evil", "malicious-obfuscated", "malicious", "2024-01-01", "", 900)),
                List.of(new double[] {0}, new double[] {1}, new double[] {2}));
        Path file = dir.resolve("nested/scores.tsv");

        HeldOutScores.write(file, data, List.of(new Holdout("group 5-fold", new int[] {1, 0}, new double[] {0.9123456, 0.01}, ""),
                new Holdout("time split", new int[] {2}, new double[] {0.5}, "")));

        assertThat(Files.readAllLines(file)).containsExactly(
                HeldOutScores.HEADER,
                "group 5-fold\tmal:evil-1.0\t1\tmalregistry\tmalicious\t340\t0.912346",
                "group 5-fold\tdeb:python3-six\t0\tdebian-binary\t\t1200\t0.010000",
                "time split\tmal:evil-1.0#obfuscated\t1\tmalicious-obfuscated\tmalicious\t900\t0.500000");
    }
}
