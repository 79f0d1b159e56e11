package dev.fang.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.model.Holdout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    /**
     * 10 benign rows scored 0.00 … 0.09 and 0.50 (one hard negative, graalpy), 4 malicious scored 0.95, 0.60, 0.40, 0.05.
     * n benign = 11.
     */
    private static final double[] SCORES = {0.00, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.50, 0.95, 0.60, 0.40, 0.05};

    private static Dataset tiny() {
        List<DatasetRow> rows = new ArrayList<>();
        List<double[]> vectors = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String kind = i == 10 ? "graalpy" : i % 2 == 0 ? "debian-binary" : "debian-source";
            rows.add(new DatasetRow("b" + i, 0, "p" + i, kind, "", "", "", i < 5 ? 500 : 50_000));
            vectors.add(new double[] {i});
        }
        String[] categories = {"malicious", "malicious", "probably_pentest", ""};
        for (int i = 0; i < 4; i++) {
            rows.add(new DatasetRow("m" + i, 1, "c" + i, "malregistry", categories[i], "2024-01-0" + (i + 1), "", i < 2 ? 500 : 2_000_000));
            vectors.add(new double[] {i});
        }
        return Dataset.fromRows("v", List.of("f"), rows, vectors);
    }

    @Test
    void numbersMatchAHandComputation() {
        Dataset data = tiny();
        Holdout holdout = new Holdout("hand", IntStream.range(0, SCORES.length).toArray(), SCORES, "by hand");
        EvaluationConfig config = new EvaluationConfig(List.of(0.05, 0.10, 0.20), 2500, 5, List.of(1_000L, 1_000_000L));
        SplitEvaluation e = new Evaluator(config).evaluate(data, holdout);

        assertThat(e.malicious()).isEqualTo(4);
        assertThat(e.benign()).isEqualTo(11);
        // pairs: 0.95 > 11, 0.60 > 11, 0.40 > 10, 0.05 > 5 benign (0.00..0.04) and ties 1 (0.05) -> 5.5; total 37.5 of 44
        assertThat(e.rocAuc()).isCloseTo(37.5 / 44, within(1e-12));

        // 5% of 11 = 0.55 -> k = 0: threshold just above 0.50; unresolved (below 1/11)
        OperatingPoint p5 = e.at(0.05);
        assertThat(p5.threshold()).isEqualTo(Math.nextUp(0.50));
        assertThat(p5.resolved()).isFalse();
        assertThat(p5.fpr()).isZero();
        assertThat(p5.tpr()).isEqualTo(0.5);                       // 0.95 and 0.60
        assertThat(p5.falseAlarmsPerDay()).isZero();
        assertThat(p5.trueAlertsPerDay()).isEqualTo(2.5);          // 0.5 x 5
        assertThat(p5.precision()).isEqualTo(1.0);

        // 10% of 11 = 1.1 -> k = 1: just above 0.09, the hard negative 0.50 is flagged
        OperatingPoint p10 = e.at(0.10);
        assertThat(p10.threshold()).isEqualTo(Math.nextUp(0.09));
        assertThat(p10.fpr()).isEqualTo(1.0 / 11);
        assertThat(p10.tpr()).isEqualTo(0.75);
        assertThat(p10.falseAlarmsPerDay()).isCloseTo(2495.0 / 11, within(1e-9));
        assertThat(p10.trueAlertsPerDay()).isEqualTo(3.75);
        assertThat(p10.precision()).isCloseTo(3.75 / (3.75 + 2495.0 / 11), within(1e-12));

        // 20% of 11 = 2.2 -> k = 2: just above 0.08
        assertThat(e.at(0.20).threshold()).isEqualTo(Math.nextUp(0.08));
        assertThat(e.at(0.20).fpr()).isEqualTo(2.0 / 11);

        // per category: malicious = {0.95, 0.60}, probably_pentest = {0.40}, unknown = {0.05}
        List<Slice> categories = e.slices("category");
        assertThat(categories).extracting(Slice::name).containsExactly("malicious", "probably_pentest", "unknown");
        assertThat(categories.get(0).tpr()).containsExactly(1.0, 1.0, 1.0);
        assertThat(categories.get(1).tpr()).containsExactly(0.0, 1.0, 1.0);
        assertThat(categories.get(2).tpr()).containsExactly(0.0, 0.0, 0.0);
        assertThat(categories.get(1).rocAuc()).isCloseTo(10.0 / 11, within(1e-12));

        // per benign kind: graalpy's only package is the 0.50 hard negative
        Slice graalpy = e.slices("benign kind").stream().filter(s -> s.name().equals("graalpy")).findFirst().orElseThrow();
        assertThat(graalpy.benign()).isEqualTo(1);
        assertThat(graalpy.fpr()).containsExactly(0.0, 1.0, 1.0);

        // per size: < 1 KB holds b0..b4 and m0, m1; 1 KB–1 MB holds b5..b10; >= 1 MB holds m2, m3
        List<Slice> sizes = e.slices("size");
        assertThat(sizes).extracting(Slice::name).containsExactly("0–1 KB", "1 KB–1 MB", "≥ 1 MB");
        assertThat(sizes).extracting(Slice::malicious).containsExactly(2, 0, 2);
        assertThat(sizes).extracting(Slice::benign).containsExactly(5, 6, 0);
        assertThat(sizes.get(1).fpr()).containsExactly(0.0, 1.0 / 6, 2.0 / 6);
        assertThat(sizes.get(2).tpr()).containsExactly(0.0, 0.5, 0.5);

        assertThat(e.topBenign().get(0)).isEqualTo("b10 (0.5000)");
    }

    @Test
    void derivedRowsNeitherMoveThresholdsNorCountInTheHeadlineButShowAsTheirOwnBenignSource() {
        Dataset plain = tiny();
        List<DatasetRow> rows = new ArrayList<>(plain.rows());
        List<double[]> vectors = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            vectors.add(new double[] {i});
        }
        // two slices scoring higher than any real benign package: counted, they would move every threshold
        rows.add(new DatasetRow("slice:b1", 0, "p1", DatasetRow.SLICE_KIND, "", "", "", 300));
        rows.add(new DatasetRow("slice:b2", 0, "p2", DatasetRow.SLICE_KIND, "", "", "", 300));
        vectors.add(new double[] {0});
        vectors.add(new double[] {0});
        Dataset withSlices = Dataset.fromRows("v", List.of("f"), rows, vectors);
        double[] scores = java.util.Arrays.copyOf(SCORES, SCORES.length + 2);
        scores[SCORES.length] = 0.97;
        scores[SCORES.length + 1] = 0.07;
        EvaluationConfig config = new EvaluationConfig(List.of(0.05, 0.10, 0.20), 2500, 5, List.of(1_000L, 1_000_000L));

        SplitEvaluation without = new Evaluator(config).evaluate(plain, new Holdout("h", IntStream.range(0, SCORES.length).toArray(), SCORES, ""));
        SplitEvaluation with = new Evaluator(config).evaluate(withSlices, new Holdout("h", IntStream.range(0, scores.length).toArray(), scores, ""));

        assertThat(with.benign()).isEqualTo(without.benign());
        assertThat(with.rocAuc()).isEqualTo(without.rocAuc());
        assertThat(with.points()).isEqualTo(without.points());
        assertThat(with.slices("size")).isEqualTo(without.slices("size"));
        assertThat(with.topBenign()).isEqualTo(without.topBenign());
        Slice slices = with.slices("benign kind").stream().filter(s -> s.name().equals(DatasetRow.SLICE_KIND)).findFirst().orElseThrow();
        assertThat(slices.benign()).isEqualTo(2);
        // at the 10% threshold (just above 0.09) the 0.97 slice is flagged, the 0.07 one is not
        assertThat(slices.fpr()).containsExactly(0.5, 0.5, 0.5);
    }
}
