package dev.fang.training.calibration;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Maps a target false-positive rate to a score threshold, using held-out benign scores (the calibration table).
 *
 * <h2>Rule</h2>
 * A package is flagged when {@code score >= threshold}. With the {@code n} calibration scores sorted ascending
 * {@code s[0] <= ... <= s[n-1]}:
 * <ul>
 *   <li>{@link #fprAt(double) fprAt(t)} {@code = #{i : s[i] >= t} / n}.</li>
 *   <li>{@link #thresholdFor(double) thresholdFor(r)} is the smallest double {@code t} with {@code fprAt(t) <= r}.
 *       Let {@code k = floor(r·n)} (computed as {@code floor(r·n + 1e-9)} so that e.g. 0.29·100 counts as 29) be
 *       the number of calibration packages the target allows to be flagged. The threshold is
 *       {@code Math.nextUp(s[n-k-1])}: just above the {@code (k+1)}-th highest benign score, so at most the
 *       {@code k} highest benign scores reach it.</li>
 *   <li><b>Ties:</b> benign scores equal to {@code s[n-k-1]} all fall below the threshold, so with ties the
 *       calibration FPR can be lower than {@code k/n} (never higher): thresholds err towards fewer alarms.</li>
 *   <li><b>Resolution:</b> the finest FPR the table measures is {@code 1/n}. For {@code r < 1/n}, {@code k = 0}
 *       and the threshold sits just above the highest benign score: no calibration package is flagged, and the
 *       real FPR on new data is only known to be around {@code 1/(n+1)} or below, not {@code r};
 *       {@link #resolves(double)} says whether a target is resolved.</li>
 *   <li>Targets must be in {@code [0, 1)}; an empty table has no thresholds.</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class Calibration {
    /** File name of the calibration table in a model directory. */
    public static final String FILE = "calibration.tsv";
    private static final String HEADER = "score\tid";

    private final double[] scores;
    private final String[] ids;

    private Calibration(double[] sortedScores, String[] ids) {
        this.scores = sortedScores;
        this.ids = ids;
    }

    /** A table from benign scores (any order; copied and sorted). */
    public static Calibration of(double[] benignScores) {
        String[] ids = new String[benignScores.length];
        Arrays.fill(ids, "");
        return of(benignScores, ids);
    }

    /** A table from benign scores and the ids of their packages (kept for inspection of the top benign scores). */
    public static Calibration of(double[] benignScores, String[] packageIds) {
        if (benignScores.length != packageIds.length) {
            throw new IllegalArgumentException("scores and ids differ in length");
        }
        Integer[] order = new Integer[benignScores.length];
        for (int i = 0; i < order.length; i++) {
            if (Double.isNaN(benignScores[i])) {
                throw new IllegalArgumentException("NaN calibration score for " + packageIds[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> benignScores[i]).thenComparing(i -> packageIds[i]));
        double[] sorted = new double[order.length];
        String[] sortedIds = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            sorted[i] = benignScores[order[i]];
            sortedIds[i] = packageIds[order[i]] == null ? "" : packageIds[order[i]];
        }
        return new Calibration(sorted, sortedIds);
    }

    public int size() {
        return scores.length;
    }

    /** The sorted scores (a copy). */
    public double[] scores() {
        return scores.clone();
    }

    /** The finest FPR step the table measures: {@code 1/n}. */
    public double resolution() {
        return scores.length == 0 ? 1.0 : 1.0 / scores.length;
    }

    /** Whether the table can measure {@code targetFpr}, i.e. allows at least one calibration package above it. */
    public boolean resolves(double targetFpr) {
        return allowed(targetFpr) >= 1;
    }

    /** The fraction of calibration scores at or above {@code threshold}. */
    public double fprAt(double threshold) {
        if (scores.length == 0) {
            throw new IllegalStateException("empty calibration table");
        }
        return (double) countAtOrAbove(threshold) / scores.length;
    }

    /** The smallest threshold whose calibration FPR is at most {@code targetFpr}; see the class comment. */
    public double thresholdFor(double targetFpr) {
        if (scores.length == 0) {
            throw new IllegalStateException("empty calibration table");
        }
        if (!(targetFpr >= 0 && targetFpr < 1)) {
            throw new IllegalArgumentException("target FPR must be in [0, 1), got " + targetFpr);
        }
        int k = allowed(targetFpr);
        return Math.nextUp(scores[scores.length - k - 1]);
    }

    private int allowed(double targetFpr) {
        return (int) Math.min(scores.length, Math.floor(targetFpr * scores.length + 1e-9));
    }

    private int countAtOrAbove(double threshold) {
        int lo = 0;
        int hi = scores.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (scores[mid] >= threshold) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return scores.length - lo;
    }

    /** The ids of the {@code count} highest-scoring calibration packages, highest first. */
    public List<String> topIds(int count) {
        List<String> top = new ArrayList<>();
        for (int i = scores.length - 1; i >= 0 && top.size() < count; i--) {
            top.add(ids[i]);
        }
        return top;
    }

    /** Writes the table: a header line, then {@code score<TAB>id} ascending; scores round-trip exactly. */
    public void write(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (int i = 0; i < scores.length; i++) {
                out.write(Double.toString(scores[i]));
                out.write('\t');
                out.write(ids[i].replace('\t', ' ').replace('\n', ' '));
                out.write('\n');
            }
        }
    }

    public static Calibration read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": not a calibration table (expected header '" + HEADER.replace("\t", "\\t") + "')");
        }
        List<String> body = lines.subList(1, lines.size()).stream().filter(l -> !l.isEmpty()).toList();
        double[] scores = new double[body.size()];
        String[] ids = new String[body.size()];
        for (int i = 0; i < body.size(); i++) {
            String line = body.get(i);
            int tab = line.indexOf('\t');
            scores[i] = Double.parseDouble(tab < 0 ? line : line.substring(0, tab));
            ids[i] = tab < 0 ? "" : line.substring(tab + 1);
        }
        return of(scores, ids);
    }
}
