package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.training.model.Model;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The attack against the shipped model on the harmless demo canary (read and featurized, never run). */
class GreedyAttackTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void shouldProduceAMonotoneTraceOfAboutAHundredQueries() throws Exception {
        Path canary = ROOT.resolve("app/src/main/resources/demo/packages/fang-canary");
        PackageContents pkg = PackageFiles.read(canary, dev.fang.archive.ArchiveLimits.defaults()).contents();
        try (Model model = Model.load(ROOT.resolve("models/default"), FeatureCatalogue.VERSION)) {
            GreedyAttack.Result result = new GreedyAttack(new PackageFeaturizer(), model::score, 7).run(pkg);

            assertThat(result.queries()).isEqualTo(1 + 4 + GreedyAttack.PADDING_ROUNDS * Padding.moves().size());
            double previous = result.originalScore();
            for (GreedyAttack.Step step : result.steps()) {
                assertThat(step.score()).as(step.toString()).isLessThanOrEqualTo(previous);
                assertThat(step.kept()).isEqualTo(step.candidateScore() <= previous);
                previous = step.score();
            }
            assertThat(result.finalScore()).isEqualTo(previous).isLessThanOrEqualTo(result.originalScore());
            assertThat(result.steps()).anyMatch(GreedyAttack.Step::kept);
        }
    }
}
