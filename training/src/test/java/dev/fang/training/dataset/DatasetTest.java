package dev.fang.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path dir;

    @Test
    void shouldStoreColumnsAndReadThemBack() throws Exception {
        List<DatasetRow> rows = List.of(
                new DatasetRow("mal:a/1/a.tar.gz", 1, "g1", "malregistry", "malicious", "2024-01-02", "aa", 120),
                new DatasetRow("deb:python3-b.deb", 0, "b", "debian-binary", "", "", "bb", 4000));
        Dataset dataset = Dataset.fromRows("fang-features-1", List.of("f0", "f1", "f2"), rows,
                List.of(new double[] {1, 2, 3}, new double[] {4, 5, 6}));

        dataset.write(dir);
        Dataset read = Dataset.read(dir);

        assertThat(read.catalogueVersion()).isEqualTo("fang-features-1");
        assertThat(read.featureNames()).containsExactly("f0", "f1", "f2");
        assertThat(read.rows()).isEqualTo(rows);
        assertThat(read.columns()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(read.row(1)).containsExactly(4, 5, 6);
        assertThat(read.value(0, 2)).isEqualTo(3);
    }

    @Test
    void shouldAppendRowsAfterTheExistingOnes() {
        List<DatasetRow> rows = List.of(new DatasetRow("a", 1, "g1", "k", "", "", "", 0), new DatasetRow("b", 0, "g2", "k", "", "", "", 0));
        Dataset dataset = Dataset.fromRows("v", List.of("f0", "f1"), rows, List.of(new double[] {1, 2}, new double[] {3, 4}));
        DatasetRow extra = new DatasetRow("adversarial:a", 1, "g1", "adversarial", "", "", "", 0);

        Dataset longer = dataset.withRowsAppended(List.of(extra), List.of(new double[] {5, 6}));

        assertThat(longer.rows()).containsExactly(rows.get(0), rows.get(1), extra);
        assertThat(longer.row(0)).containsExactly(1, 2);
        assertThat(longer.row(2)).containsExactly(5, 6);
        assertThat(dataset.rows()).hasSize(2);
    }

    @Test
    void shouldZeroExcludedFeaturesInACopy() {
        List<DatasetRow> rows = List.of(new DatasetRow("a", 1, "g1", "k", "", "", "", 0), new DatasetRow("b", 0, "g2", "k", "", "", "", 0));
        Dataset dataset = Dataset.fromRows("v", List.of("keep", "pkg_ext_py"), rows, List.of(new double[] {1, 2}, new double[] {3, 4}));

        Dataset zeroed = dataset.withFeaturesZeroed("pkg_ext_py"::equals);

        assertThat(zeroed.columns()).containsExactly(1, 3, 0, 0);
        assertThat(dataset.columns()).containsExactly(1, 3, 2, 4);
    }

    @Test
    void shouldRefuseRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> Dataset.fromRows("v", List.of("f0", "f1"), List.of(new DatasetRow("x", 0, "g", "k", "", "", "", 0)),
                List.of(new double[] {1}))).hasMessageContaining("x has 1 values, expected 2");
    }
}
