package dev.fang.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.evaluation.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static Dataset easy;
    private static TrainingResult result;

    @BeforeAll
    static void train() {
        easy = Synthetic.dataset(150, 3.0, false, 7);
        result = new Trainer(Synthetic.fastConfig(5), 2).train(easy);
    }

    @Test
    void separatesAnEasyProblemOutOfFold() {
        double[] pos = scores(easy, result.outOfFold().scores(), 1);
        double[] neg = scores(easy, result.outOfFold().scores(), 0);
        assertThat(Metrics.rocAuc(pos, neg)).isGreaterThan(0.95);
        assertThat(result.info().crossValidation().oofRocAuc()).isEqualTo(Metrics.rocAuc(pos, neg));
    }

    @Test
    void shouldRebuildEveryFoldModelOfTheCrossValidation() {
        Trainer trainer = new Trainer(Synthetic.fastConfig(5));
        int[] folds = trainer.outerFolds(easy);
        assertThat(folds).containsExactly(result.foldOfRow());
        int[] all = IntStream.range(0, easy.rows().size()).toArray();
        for (int fold = 0; fold < 5; fold++) {
            Scorer scorer = Scorer.of(trainer.foldModel(easy, Folds.select(all, folds, fold, true), fold), easy.featureNames());
            for (int row : Folds.select(all, folds, fold, false)) {
                assertThat(scorer.score(easy.row(row))).as("row %d", row).isCloseTo(result.outOfFold().scores()[row], within(1e-9));
            }
        }
    }

    @Test
    void outerFoldsKeepGroupsTogether() {
        Map<String, Integer> foldOfGroup = new HashMap<>();
        for (int r = 0; r < easy.rows().size(); r++) {
            Integer previous = foldOfGroup.putIfAbsent(easy.rows().get(r).group(), result.foldOfRow()[r]);
            assertThat(previous == null ? result.foldOfRow()[r] : previous).isEqualTo(result.foldOfRow()[r]);
        }
    }

    @Test
    void trainingIsDeterministicWhateverTheParallelism() {
        TrainingResult again = new Trainer(Synthetic.fastConfig(5)).train(easy);
        assertThat(again.modelText()).isEqualTo(result.modelText());
        again = new Trainer(Synthetic.fastConfig(5), 3).train(easy);
        assertThat(again.modelText()).isEqualTo(result.modelText());
        assertThat(again.outOfFold().scores()).containsExactly(result.outOfFold().scores());
        assertThat(again.info()).isEqualTo(result.info());
    }

    @Test
    void calibrationHoldsEveryBenignOutOfFoldScore() {
        double[] neg = scores(easy, result.outOfFold().scores(), 0);
        Arrays.sort(neg);
        assertThat(result.calibration().scores()).containsExactly(neg);
        assertThat(result.info().calibrationSize()).isEqualTo(neg.length);
    }

    @Test
    void modelInfoDescribesTheTraining() {
        ModelInfo info = result.info();
        assertThat(info.catalogueVersion()).isEqualTo(Synthetic.CATALOGUE);
        assertThat(info.modelId()).matches("fang-features-test-[0-9a-f]{12}");
        assertThat(info.featureNames()).isEqualTo(easy.featureNames());
        assertThat(info.training().rows()).isEqualTo(easy.rows().size());
        assertThat(info.training().malicious() + info.training().benign()).isEqualTo(easy.rows().size());
        assertThat(info.training().sha256()).hasSize(64);
        assertThat(info.crossValidation().perFold()).hasSize(5);
        assertThat(info.rounds()).isPositive();
        assertThat(Synthetic.fastConfig(5).grid()).contains(info.hyperParams());
    }

    @Test
    void modelDirRoundTrips(@TempDir Path dir) throws Exception {
        result.writeModelDir(dir);
        assertThat(dir.resolve("model.txt")).exists();
        assertThat(dir.resolve("model.json")).exists();
        assertThat(dir.resolve("calibration.tsv")).exists();
        try (Model model = Model.load(dir, Synthetic.CATALOGUE); Scorer direct = new Scorer(result.modelText(), easy.featureNames())) {
            assertThat(model.info()).isEqualTo(result.info());
            assertThat(model.calibration().scores()).containsExactly(result.calibration().scores());
            for (int r = 0; r < easy.rows().size(); r += 7) {
                assertThat(model.score(easy.row(r))).isEqualTo(direct.score(easy.row(r)));
            }
            // the final model scores every row like a batch prediction of the text it wrote
            int[] rows = IntStream.range(0, easy.rows().size()).toArray();
            double[] batch = Lgbm.predict(model.modelText(), easy, rows, 1);
            try (Scorer scorer = model.newScorer()) {
                for (int r = 0; r < rows.length; r += 5) {
                    assertThat(scorer.score(easy.row(r))).isCloseTo(batch[r], within(1e-12));
                }
            }
        }
    }

    @Test
    void loadRefusesAnotherCatalogueAndATamperedModel(@TempDir Path dir) throws Exception {
        result.writeModelDir(dir);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Model.load(dir, "fang-features-999"))
                .isInstanceOf(Model.IncompatibleModelException.class)
                .hasMessageContaining("fang-features-999");
        Files.writeString(dir.resolve("model.txt"), result.modelText().replace("learning_rate", "learning_rate "));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Model.load(dir)).hasMessageContaining("not the model");
    }

    @Test
    void shapContributionsSumToTheRawMargin() {
        try (Scorer scorer = new Scorer(result.modelText(), easy.featureNames())) {
            for (int r : new int[] {0, 3, 100, 250, easy.rows().size() - 1}) {
                double[] v = easy.row(r);
                Explanation e = scorer.explain(v);
                double sum = e.bias() + Arrays.stream(e.contributions()).mapToDouble(Contribution::contribution).sum();
                assertThat(sum).isCloseTo(scorer.rawScore(v), within(1e-9));
                assertThat(e.rawScore()).isCloseTo(scorer.rawScore(v), within(1e-9));
                assertThat(e.score()).isCloseTo(scorer.score(v), within(1e-9));
                Contribution[] c = e.contributions();
                for (int i = 1; i < c.length; i++) {
                    assertThat(Math.abs(c[i - 1].contribution())).isGreaterThanOrEqualTo(Math.abs(c[i].contribution()));
                }
                for (Contribution contribution : c) {
                    assertThat(contribution.feature()).isEqualTo(easy.featureNames().get(contribution.index()));
                    assertThat(contribution.value()).isEqualTo(v[contribution.index()]);
                }
            }
        }
    }

    @Test
    void timeSplitTestsLaterCampaignsAndKeepsGroupsWhole() {
        Holdout split = new Trainer(Synthetic.fastConfig(5)).timeSplit(easy);
        Set<Integer> test = new HashSet<>();
        Arrays.stream(split.rows()).forEach(test::add);
        String latestTrain = "";
        String earliestTest = "9999";
        Set<String> trainGroups = new HashSet<>();
        Set<String> testGroups = new HashSet<>();
        for (int r = 0; r < easy.rows().size(); r++) {
            DatasetRow row = easy.rows().get(r);
            (test.contains(r) ? testGroups : trainGroups).add(row.group());
            if (row.label() == 1 && row.date().compareTo(latestTrain) > 0 && !test.contains(r) && row.date().length() > 0) {
                // first-seen date of the training campaign: its earliest row
                latestTrain = firstSeen(easy, row.group()).compareTo(latestTrain) > 0 ? firstSeen(easy, row.group()) : latestTrain;
            }
            if (row.label() == 1 && test.contains(r) && firstSeen(easy, row.group()).compareTo(earliestTest) < 0) {
                earliestTest = firstSeen(easy, row.group());
            }
        }
        assertThat(trainGroups).doesNotContainAnyElementsOf(testGroups);
        assertThat(latestTrain).isLessThan(earliestTest);
        long testMalicious = Arrays.stream(split.rows()).filter(r -> easy.rows().get(r).label() == 1).count();
        long malicious = easy.rows().stream().filter(r -> r.label() == 1).count();
        assertThat((double) testMalicious / malicious).isBetween(0.2, 0.35);
        double[] pos = Arrays.stream(split.rows()).filter(r -> easy.rows().get(r).label() == 1)
                .mapToDouble(r -> split.scores()[indexOf(split.rows(), r)]).toArray();
        double[] neg = Arrays.stream(split.rows()).filter(r -> easy.rows().get(r).label() == 0)
                .mapToDouble(r -> split.scores()[indexOf(split.rows(), r)]).toArray();
        assertThat(neg.length).isPositive();
        assertThat(Metrics.rocAuc(pos, neg)).isGreaterThan(0.9);
    }

    private static String firstSeen(Dataset data, String group) {
        return data.rows().stream().filter(r -> r.group().equals(group)).map(DatasetRow::date).min(String::compareTo).orElseThrow();
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }

    static double[] scores(Dataset data, double[] all, int label) {
        return IntStream.range(0, all.length).filter(r -> data.rows().get(r).label() == label).mapToDouble(r -> all[r]).toArray();
    }
}
