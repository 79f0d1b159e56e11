package dev.fang.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fang.training.dataset.Dataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FoldsTest {

    @Test
    void neverSplitsAGroupAndBalancesLabels() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            List<String> groups = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (int g = 0; g < 400; g++) {
                int label = g < 250 ? 1 : 0;
                int size = 1 + random.nextInt(3);
                for (int r = 0; r < size; r++) {
                    groups.add("g" + g);
                    labels.add(label);
                }
            }
            int[] label = labels.stream().mapToInt(Integer::intValue).toArray();
            int k = 5;
            int[] fold = Folds.assign(groups, label, k, seed);

            Map<String, Integer> foldOfGroup = new HashMap<>();
            for (int r = 0; r < fold.length; r++) {
                assertThat(fold[r]).isBetween(0, k - 1);
                int first = foldOfGroup.computeIfAbsent(groups.get(r), g -> -1);
                if (first < 0) {
                    foldOfGroup.put(groups.get(r), fold[r]);
                } else {
                    assertThat(fold[r]).as("group %s", groups.get(r)).isEqualTo(first);
                }
            }
            int[] total = new int[2];
            int[][] perFold = new int[k][2];
            for (int r = 0; r < fold.length; r++) {
                total[label[r]]++;
                perFold[fold[r]][label[r]]++;
            }
            for (int f = 0; f < k; f++) {
                for (int l = 0; l < 2; l++) {
                    // within one largest group (3 rows) of a perfect share
                    assertThat((double) perFold[f][l]).isCloseTo(total[l] / (double) k, org.assertj.core.data.Offset.offset(3.0));
                }
            }
        }
    }

    @Test
    void isDeterministicAndDependsOnTheSeed() {
        Dataset data = Synthetic.dataset(100, 2, false, 3);
        int[] all = IntStream.range(0, data.rows().size()).toArray();
        int[] a = Folds.assign(Trainer.groups(data, all), Trainer.labels(data, all), 5, 11);
        int[] b = Folds.assign(Trainer.groups(data, all), Trainer.labels(data, all), 5, 11);
        int[] c = Folds.assign(Trainer.groups(data, all), Trainer.labels(data, all), 5, 12);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void selectsFoldAndComplement() {
        int[] rows = {10, 11, 12, 13};
        int[] fold = {0, 1, 0, 1};
        assertThat(Folds.select(rows, fold, 0, false)).containsExactly(10, 12);
        assertThat(Folds.select(rows, fold, 0, true)).containsExactly(11, 13);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Folds.assign(List.of("a"), new int[] {2}, 3, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Folds.assign(List.of("a"), new int[] {1}, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
