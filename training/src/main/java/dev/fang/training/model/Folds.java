package dev.fang.training.model;

import dev.fang.platform.blob.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group-aware, label-balanced k-fold assignment that barely moves when the rest of the data changes.
 *
 * <p>Every row of a group lands in the same fold, so a campaign group (malware) or a project (benign) never
 * spans training and test. The groups of each label (the label of a group's first row) are ordered by a seeded
 * hash of their name and cut into {@code k} equal runs: every fold gets the same number of groups of each label,
 * give or take one. A group's place depends on its name, not on which rows come before it, so adding or dropping
 * one group moves at most one other group per fold boundary ({@code k - 1} in all), and two datasets with the same
 * groups (a new catalogue, an obfuscated copy more or less) are split identically and compare package by package.
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
        Map<String, Integer> labelOfGroup = new LinkedHashMap<>();
        for (int row = 0; row < labels.length; row++) {
            if (labels[row] != 0 && labels[row] != 1) {
                throw new IllegalArgumentException("label must be 0 or 1, row " + row + " has " + labels[row]);
            }
            labelOfGroup.putIfAbsent(groups.get(row), labels[row]);
        }
        Map<String, Long> hashOfGroup = new HashMap<>();
        labelOfGroup.keySet().forEach(g -> hashOfGroup.put(g, hash(seed, g)));
        Map<String, Integer> foldOfGroup = new HashMap<>();
        for (int label = 0; label < 2; label++) {
            int wanted = label;
            List<String> ordered = labelOfGroup.keySet().stream().filter(g -> labelOfGroup.get(g) == wanted)
                    .sorted(Comparator.comparingLong((String g) -> hashOfGroup.get(g)).thenComparing(Comparator.naturalOrder()))
                    .toList();
            for (int rank = 0; rank < ordered.size(); rank++) {
                foldOfGroup.put(ordered.get(rank), (int) ((long) rank * k / ordered.size()));
            }
        }
        int[] fold = new int[labels.length];
        for (int row = 0; row < labels.length; row++) {
            fold[row] = foldOfGroup.get(groups.get(row));
        }
        return fold;
    }

    /**
     * A seeded 64-bit hash of {@code key} that is the same on every JVM and platform: the first 8 bytes of
     * SHA-256 over the seed and the UTF-8 key. It also orders samples, so a sample keeps its members when others come.
     */
    public static long hash(long seed, String key) {
        MessageDigest sha = Sha256.newDigest();
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        sha.update(key.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha.digest()).getLong();
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
