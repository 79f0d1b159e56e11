package dev.fang.training.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Group-aware, label-stratified k-fold assignment.
 *
 * <p>Every row of a group lands in the same fold, so a campaign group (malware) or a project (benign) never
 * spans training and test. Groups are placed greedily, largest first (ties in a seeded random order), each into
 * the fold where its labels are currently scarcest relative to their totals: fold {@code f} costs
 * {@code Σ_label groupCount[label] · foldCount[f][label] / total[label]}; ties go to the fold with fewer rows,
 * then to the lower index. The result depends only on the groups, labels and seed.
 */
public final class Folds {
    private Folds() {
    }

    /**
     * Assigns a fold in {@code [0, k)} to each row.
     *
     * @param groups group of each row (rows with the same group get the same fold)
     * @param labels label of each row, 0 or 1
     */
    public static int[] assign(List<String> groups, int[] labels, int k, long seed) {
        if (groups.size() != labels.length) {
            throw new IllegalArgumentException("groups and labels differ in length");
        }
        if (k < 2) {
            throw new IllegalArgumentException("k must be at least 2, got " + k);
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        int[] total = new int[2];
        for (int row = 0; row < labels.length; row++) {
            int label = labels[row];
            if (label != 0 && label != 1) {
                throw new IllegalArgumentException("label must be 0 or 1, row " + row + " has " + label);
            }
            String group = groups.get(row);
            counts.computeIfAbsent(group, g -> new int[2])[label]++;
            members.computeIfAbsent(group, g -> new ArrayList<>()).add(row);
            total[label]++;
        }
        List<String> order = new ArrayList<>(counts.keySet());
        Collections.sort(order);
        Collections.shuffle(order, new Random(seed));
        order.sort(Comparator.comparingInt((String g) -> counts.get(g)[0] + counts.get(g)[1]).reversed());

        int[][] foldCounts = new int[k][2];
        int[] fold = new int[labels.length];
        for (String group : order) {
            int[] g = counts.get(group);
            int best = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            int bestSize = Integer.MAX_VALUE;
            for (int f = 0; f < k; f++) {
                double cost = 0;
                for (int label = 0; label < 2; label++) {
                    if (g[label] > 0) {
                        cost += g[label] * (double) foldCounts[f][label] / total[label];
                    }
                }
                int size = foldCounts[f][0] + foldCounts[f][1];
                if (cost < bestCost - 1e-12 || (Math.abs(cost - bestCost) <= 1e-12 && size < bestSize)) {
                    best = f;
                    bestCost = cost;
                    bestSize = size;
                }
            }
            foldCounts[best][0] += g[0];
            foldCounts[best][1] += g[1];
            for (int row : members.get(group)) {
                fold[row] = best;
            }
        }
        return fold;
    }

    /** Indices {@code i} of {@code rows} with {@code fold[i] == f} (or {@code != f} when {@code complement}), as rows. */
    public static int[] select(int[] rows, int[] fold, int f, boolean complement) {
        return Arrays.stream(indices(rows.length)).filter(i -> (fold[i] == f) != complement).map(i -> rows[i]).toArray();
    }

    static int[] indices(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }
}
