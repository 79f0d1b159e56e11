package dev.fang.training.evaluation;

import dev.fang.training.calibration.Calibration;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.model.Holdout;
import dev.fang.training.model.Scorer;
import dev.fang.training.model.TrainingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Evaluates held-out scores ({@link Holdout}: out-of-fold or time split — never scores of rows a model trained on).
 *
 * <p>Thresholds come from the held-out benign scores of the same split ({@link Calibration} rule), so the measured
 * FPR of each operating point is at most its target by construction; the TPR is what the malicious rows of the
 * split reach at that threshold. Derived rows ({@link DatasetRow#derived()}) count only in the per-benign-kind slice,
 * measured at those thresholds.
 */
public final class Evaluator {
    private final EvaluationConfig config;

    public Evaluator(EvaluationConfig config) {
        this.config = config;
    }

    public EvaluationConfig config() {
        return config;
    }

    public SplitEvaluation evaluate(Dataset data, Holdout holdout) {
        int[] rows = holdout.rows();
        double[] scores = holdout.scores();
        List<Integer> pos = new ArrayList<>();
        List<Integer> neg = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            DatasetRow row = data.rows().get(rows[i]);
            if (!row.derived()) {
                (row.label() == 1 ? pos : neg).add(i);
            }
        }
        double[] mal = pos.stream().mapToDouble(i -> scores[i]).toArray();
        double[] ben = neg.stream().mapToDouble(i -> scores[i]).toArray();
        if (mal.length == 0 || ben.length == 0) {
            throw new IllegalArgumentException(holdout.name() + ": needs held-out malicious and benign rows");
        }
        Calibration calibration = Calibration.of(ben);
        List<OperatingPoint> points = new ArrayList<>();
        double[] thresholds = new double[config.targetFprs().size()];
        for (int p = 0; p < thresholds.length; p++) {
            double target = config.targetFprs().get(p);
            thresholds[p] = calibration.thresholdFor(target);
            points.add(operatingPoint(target, thresholds[p], calibration.resolves(target), mal, ben));
        }

        List<Slice> slices = new ArrayList<>();
        slices.addAll(slices("category", data, rows, scores, mal, ben, thresholds, row -> row.label() == 1 && !row.derived() ? category(row) : null));
        slices.addAll(sizeSlices(data, rows, scores, mal, ben, thresholds));
        slices.addAll(slices("benign kind", data, rows, scores, mal, ben, thresholds, row -> row.label() == 0 ? row.kind() : null));

        Integer[] order = neg.toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> data.rows().get(rows[i]).id()));
        List<String> topBenign = Arrays.stream(order).limit(10)
                .map(i -> data.rows().get(rows[i]).id() + " (" + String.format(Locale.ROOT, "%.4g", scores[i]) + ")").toList();
        return new SplitEvaluation(holdout.name(), holdout.description(), mal.length, ben.length, Metrics.rocAuc(mal, ben),
                points, slices, topBenign, mal, ben);
    }

    /**
     * Evaluates a training run: its out-of-fold scores, the time split when given, and the final model's top features
     * (gain, and mean |SHAP| over {@code data}).
     */
    public EvaluationReport report(Dataset data, TrainingResult result, Holdout timeSplit) {
        List<SplitEvaluation> splits = new ArrayList<>();
        splits.add(evaluate(data, result.outOfFold()));
        if (timeSplit != null) {
            splits.add(evaluate(data, timeSplit));
        }
        FeatureRanking ranking;
        try (Scorer scorer = result.newScorer()) {
            ranking = ShortcutGuard.rank(scorer, data);
        }
        return new EvaluationReport(result.info(), config, splits, ranking);
    }

    OperatingPoint operatingPoint(double target, double threshold, boolean resolved, double[] mal, double[] ben) {
        double fpr = Metrics.rateAtOrAbove(ben, threshold);
        double tpr = Metrics.rateAtOrAbove(mal, threshold);
        double falseAlarms = fpr * (config.releasesPerDay() - config.maliciousPerDay());
        double trueAlerts = tpr * config.maliciousPerDay();
        double precision = falseAlarms + trueAlerts == 0 ? Double.NaN : trueAlerts / (trueAlerts + falseAlarms);
        return new OperatingPoint(target, threshold, fpr, tpr, resolved, falseAlarms, trueAlerts, precision);
    }

    private static String category(DatasetRow row) {
        return row.category() == null || row.category().isEmpty() ? "unknown" : row.category();
    }

    private List<Slice> sizeSlices(Dataset data, int[] rows, double[] scores, double[] mal, double[] ben, double[] thresholds) {
        List<Long> bounds = config.sizeBuckets();
        List<String> labels = new ArrayList<>();
        for (int b = 0; b <= bounds.size(); b++) {
            String low = b == 0 ? "0" : bytes(bounds.get(b - 1));
            labels.add(b == bounds.size() ? "≥ " + low : low + "–" + bytes(bounds.get(b)));
        }
        List<Slice> out = slices("size", data, rows, scores, mal, ben, thresholds, row -> {
            if (row.derived()) {
                return null;
            }
            int b = 0;
            while (b < bounds.size() && row.pythonBytes() >= bounds.get(b)) {
                b++;
            }
            return String.format(Locale.ROOT, "%02d", b);
        });
        return out.stream().map(s -> new Slice(s.dimension(), labels.get(Integer.parseInt(s.name())), s.malicious(), s.benign(),
                s.rocAuc(), s.tpr(), s.fpr())).toList();
    }

    static String bytes(long value) {
        if (value >= 1_000_000 && value % 1_000_000 == 0) {
            return value / 1_000_000 + " MB";
        }
        if (value >= 1_000 && value % 1_000 == 0) {
            return value / 1_000 + " KB";
        }
        return value + " B";
    }

    /** Slices keyed by {@code key} (null: the row is in no slice of this dimension), in key order. */
    private List<Slice> slices(String dimension, Dataset data, int[] rows, double[] scores, double[] allMal, double[] allBen,
                               double[] thresholds, Function<DatasetRow, String> key) {
        Map<String, List<Integer>> members = new TreeMap<>();
        for (int i = 0; i < rows.length; i++) {
            String k = key.apply(data.rows().get(rows[i]));
            if (k != null) {
                members.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        }
        List<Slice> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> entry : members.entrySet()) {
            double[] mal = entry.getValue().stream().filter(i -> data.rows().get(rows[i]).label() == 1).mapToDouble(i -> scores[i]).toArray();
            double[] ben = entry.getValue().stream().filter(i -> data.rows().get(rows[i]).label() == 0).mapToDouble(i -> scores[i]).toArray();
            double auc = Metrics.rocAuc(mal.length > 0 ? mal : allMal, ben.length > 0 ? ben : allBen);
            List<Double> tpr = IntStream.range(0, thresholds.length).mapToObj(p -> Metrics.rateAtOrAbove(mal, thresholds[p])).toList();
            List<Double> fpr = IntStream.range(0, thresholds.length).mapToObj(p -> Metrics.rateAtOrAbove(ben, thresholds[p])).toList();
            out.add(new Slice(dimension, entry.getKey(), mal.length, ben.length, auc, tpr, fpr));
        }
        return out;
    }
}
