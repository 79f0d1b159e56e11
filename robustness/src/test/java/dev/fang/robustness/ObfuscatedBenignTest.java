package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.PackageContents;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.dataset.PackageSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObfuscatedBenignTest {
    private static final String MODULE = """
            import os
            import json

            URL = 'https://example.org/api/v1/items'

            def load(path):
                with open(os.path.join(path, 'items.json')) as handle:
                    return json.load(handle)

            def describe(items):
                return ', '.join('%s=%d' % (name, count) for name, count in sorted(items.items()))
            """;

    private static PackageSource slice(String id, String group) {
        DatasetRow row = new DatasetRow(id, 0, group, DatasetRow.SLICE_KIND, "", "", "abc:slice1", 0);
        return new PackageSource(row, () -> Fixtures.pkg("items/__init__.py", MODULE));
    }

    @Test
    void shouldFollowEachSliceWithAnObfuscatedCopyInItsGroupForTrainingOnly() throws Exception {
        PackageSource malware = new PackageSource(new DatasetRow("mal:x", 1, "campaign", "malregistry", "malicious", "2024-01-01", "m", 0),
                () -> Fixtures.pkg("setup.py", "import os\nos.system('id')\n"));
        List<PackageSource> sources = ObfuscatedBenign.withCopies(List.of(slice("slice:deb:a", "a"), malware, slice("slice:deb:b", "b")));

        assertThat(sources).extracting(source -> source.row().id())
                .containsExactly("slice:deb:a", "obf:slice:deb:a", "mal:x", "slice:deb:b", "obf:slice:deb:b");
        DatasetRow copy = sources.get(1).row();
        assertThat(copy.label()).isZero();
        assertThat(copy.group()).isEqualTo("a");
        assertThat(copy.kind()).isEqualTo(DatasetRow.OBFUSCATED_KIND);
        assertThat(copy.derived()).isTrue();
        assertThat(copy.sha256()).isEqualTo("abc:slice1:obf1"); // its own cache entry, never the slice's
    }

    @Test
    void shouldObfuscateTheSliceTheSameWayEveryTime() throws Exception {
        PackageSource copy = ObfuscatedBenign.withCopies(List.of(slice("slice:deb:a", "a"))).get(1);
        PackageContents once = copy.loader().load();
        PackageContents again = copy.loader().load();

        String original = Fixtures.text(Fixtures.pkg("items/__init__.py", MODULE), "items/__init__.py");
        assertThat(Fixtures.texts(once)).isEqualTo(Fixtures.texts(again));
        assertThat(Fixtures.texts(once).values()).noneMatch(text -> text.equals(original));
        assertThat(String.join("\n", Fixtures.texts(once).values())).doesNotContain("'https://example.org/api/v1/items'");
    }
}
