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
    void neverSplitsAGroupAndGivesEveryFoldItsShareOfEachLabelsGroups() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            List<String> groups = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            int[] groupsOfLabel = {150, 250};
            for (int g = 0; g < 400; g++) {
                int label = g < 250 ? 1 : 0;
                int size = 1 + random.nextInt(3);
                for (int r = 0; r < size; r++) {
                    groups.add("g" + g);
                    labels.add(label);
                }
            }
            int[] label = labels.stream().mapToInt(Integer::intValue).toArray();
            int k = 7;
            int[] fold = Folds.assign(groups, label, k, seed);

            Map<String, Integer> foldOfGroup = new HashMap<>();
            int[][] groupsPerFold = new int[k][2];
            for (int r = 0; r < fold.length; r++) {
                assertThat(fold[r]).isBetween(0, k - 1);
                Integer first = foldOfGroup.putIfAbsent(groups.get(r), fold[r]);
                if (first == null) {
                    groupsPerFold[fold[r]][label[r]]++;
                } else {
                    assertThat(fold[r]).as("group %s", groups.get(r)).isEqualTo(first);
                }
            }
            for (int f = 0; f < k; f++) {
                for (int l = 0; l < 2; l++) {
                    assertThat(groupsPerFold[f][l]).as("fold %d label %d", f, l).isBetween(groupsOfLabel[l] / k, groupsOfLabel[l] / k + 1);
                }
            }
        }
    }

    @Test
    void anotherGroupComingOrGoingMovesAtMostOneGroupPerFoldBoundary() {
        int k = 5;
        List<String> groups = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int g = 0; g < 300; g++) {
            groups.add("project-" + g);
            labels.add(g % 3 == 0 ? 1 : 0);
        }
        int[] before = Folds.assign(groups, labels.stream().mapToInt(Integer::intValue).toArray(), k, 7);
        for (boolean adding : new boolean[] {true, false}) {
            // the rows listed in reverse order, and one malicious group more (or the first one fewer)
            List<String> changed = new ArrayList<>(groups);
            List<Integer> changedLabels = new ArrayList<>(labels);
            if (adding) {
                changed.add("new-campaign");
                changedLabels.add(1);
            } else {
                changed.remove(0);
                changedLabels.remove(0);
            }
            java.util.Collections.reverse(changed);
            java.util.Collections.reverse(changedLabels);
            int[] after = Folds.assign(changed, changedLabels.stream().mapToInt(Integer::intValue).toArray(), k, 7);
            int moved = 0;
            for (int i = 0; i < changed.size(); i++) {
                int g = groups.indexOf(changed.get(i));
                if (g >= 0 && after[i] != before[g]) {
                    assertThat(labels.get(g)).as("a benign group moved: %s", changed.get(i)).isEqualTo(1);
                    moved++;
                }
            }
            assertThat(moved).as(adding ? "adding" : "dropping").isLessThanOrEqualTo(k - 1);
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
