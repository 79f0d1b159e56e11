package dev.fang.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.evaluation.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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

    /**
     * Adds, for every malware row of a training part, a disguised copy: the informative features at the benign mean and
     * a marker in {@code noise_a} that no real row has. Records what it was given.
     */
    private static final class DisguisedMalware implements Trainer.Augmentation {
        record Call(String part, int[] trainRows, String model, int added) {
        }

        static final double MARKER = 8.0;
        final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public Rows rowsFor(Dataset data, int[] trainRows, String model, String part) {
            List<DatasetRow> rows = new ArrayList<>();
            List<double[]> vectors = new ArrayList<>();
            for (int row : trainRows) {
                DatasetRow r = data.rows().get(row);
                if (r.label() == 1) {
                    rows.add(new DatasetRow("disguised:" + r.id(), 1, r.group(), "disguised", r.category(), r.date(), r.sha256() + ":d", r.pythonBytes()));
                    vectors.add(probe());
                }
            }
            calls.add(new Call(part, trainRows.clone(), model, rows.size()));
            return new Rows(rows, vectors);
        }

        @Override
        public String description() {
            return "disguised copies of every training malware row";
        }

        static double[] probe() {
            double[] v = new double[8];
            v[4] = MARKER;
            return v;
        }
    }

    @Test
    void shouldTrainEveryModelAgainOnTheRowsMadeAgainstItsFirstModel() {
        TrainingConfig config = Synthetic.fastConfig(5);
        DisguisedMalware augmentation = new DisguisedMalware();
        Trainer trainer = new Trainer(config).withAugmentation(augmentation);
        TrainingResult augmented = trainer.train(easy);
        trainer.timeSplit(easy);

        assertThat(augmentation.calls).extracting(DisguisedMalware.Call::part)
                .containsExactly("fold 1", "fold 2", "fold 3", "fold 4", "fold 5", "final model", "time split");
        int[] all = IntStream.range(0, easy.rows().size()).toArray();
        for (int fold = 0; fold < 5; fold++) {
            DisguisedMalware.Call call = augmentation.calls.get(fold);
            int[] training = Folds.select(all, result.foldOfRow(), fold, true);
            assertThat(call.trainRows()).as("fold %d sees its training part only", fold).containsExactly(training);
            assertThat(call.model()).as("fold %d is given the model trained without the rows", fold)
                    .isEqualTo(new Trainer(config).foldModel(easy, training, fold));
        }
        assertThat(augmentation.calls.get(5).trainRows()).containsExactly(all);
        assertThat(Scorer.of(augmentation.calls.get(5).model(), easy.featureNames()).score(DisguisedMalware.probe()))
                .as("the final model is first trained without the rows").isLessThan(0.5);

        // Only a model that learned from the disguised rows flags the probe.
        assertThat(augmented.newScorer().score(DisguisedMalware.probe())).isGreaterThan(0.5);
        assertThat(result.newScorer().score(DisguisedMalware.probe())).isLessThan(0.5);
        assertThat(augmented.outOfFold().scores()).isNotEqualTo(result.outOfFold().scores());
        assertThat(augmented.info().augmentation()).isEqualTo(new ModelInfo.Augmentation(augmentation.description(),
                augmentation.calls.get(5).added()));
        assertThat(result.info().augmentation()).isNull();
        assertThat(augmented.calibration().size()).isEqualTo(result.calibration().size());
    }

    @Test
    void shouldScoreAnyValueAboveACapAsTheCapWithoutCappingVectors() {
        String capped = "install_api_network_sites";
        int feature = easy.featureNames().indexOf(capped);
        TrainingResult withCap = new Trainer(Synthetic.fastConfig(3).withFeatureCaps(Map.of(capped, 0.5))).train(easy);
        TrainingResult without = new Trainer(Synthetic.fastConfig(3)).train(easy);

        boolean capMatters = false;
        for (int row = 0; row < easy.rows().size(); row++) {
            double[] vector = easy.row(row);
            double[] atCap = vector.clone();
            atCap[feature] = Math.min(atCap[feature], 0.5);
            assertThat(withCap.newScorer().score(vector)).as("row %d", row).isEqualTo(withCap.newScorer().score(atCap));
            capMatters |= without.newScorer().score(vector) != without.newScorer().score(atCap);
        }
        assertThat(capMatters).as("an uncapped model tells values above the cap apart").isTrue();
        assertThat(withCap.info().featureCaps()).isEqualTo(Map.of(capped, 0.5));
        assertThat(without.info().featureCaps()).isEmpty();
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
