package dev.fang.featurize.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureCatalogueTest {

    @Test
    void namesAreUniqueSnakeCaseAndScopePrefixed() {
        Set<String> seen = new HashSet<>();
        for (Feature f : FeatureCatalogue.features()) {
            assertThat(seen.add(f.name())).as("unique %s", f.name()).isTrue();
            assertThat(f.name()).matches("[a-z][a-z0-9]*(_[a-z0-9]+)+");
            assertThat(f.name()).startsWith(f.scope().prefix() + "_");
            assertThat(f.name()).isEqualTo(f.scope().prefix() + "_" + f.base());
            assertThat(FeatureCatalogue.index(f.name())).isEqualTo(f.index());
            assertThat(FeatureCatalogue.feature(f.index())).isSameAs(f);
        }
    }

    @Test
    void indicesAreTheVectorOrder() {
        List<Feature> all = FeatureCatalogue.features();
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).index()).isEqualTo(i);
        }
        assertThat(FeatureCatalogue.names()).hasSize(FeatureCatalogue.size());
        assertThat(PackageFeaturizer.defaults()).hasSize(FeatureCatalogue.size());
    }

    @Test
    void everyFamilyHasFeaturesAndEveryDescriptionIsOneLine() {
        for (Family f : Family.values()) {
            assertThat(FeatureCatalogue.family(f)).as(f.name()).isNotEmpty();
            assertThat(f.padding()).isNotBlank();
        }
        for (Feature f : FeatureCatalogue.features()) {
            assertThat(f.description()).isNotBlank().doesNotContain("\n");
            assertThat(f.description().length()).isLessThan(300);
        }
    }

    @Test
    void everyCodeFamilyExistsInBothScopes() {
        for (Family f : Family.values()) {
            if (f == Family.EXTENSIONS || f == Family.BUILD_CONFIG) {
                continue;
            }
            assertThat(FeatureCatalogue.family(f).stream().map(Feature::scope).distinct())
                    .as(f.name()).containsExactlyInAnyOrder(Scope.INSTALL, Scope.IMPORT);
        }
    }

    @Test
    void versionIsPresent() {
        assertThat(FeatureCatalogue.VERSION).matches("fang-features-\\d+");
        assertThat(FeatureCatalogue.size()).isGreaterThan(250);
        assertThat(ApiCatalogue.size()).isGreaterThanOrEqualTo(200);
    }

    /** No feature may encode the layout of the package: packaging metadata, install records, file totals. */
    @Test
    void noFeatureRefersToLayoutOrPackagingMetadata() {
        List<String> banned = List.of("pkg-info", "pkg_info", "egg-info", ".egg", "dist-info", "dist_info", "record",
                "metadata", "sdist", "wheel", "installed", "site-packages", "dist-packages", "root", "directory depth",
                "number of files", "file count", "files_total", "total files", "manifest");
        for (Feature f : FeatureCatalogue.features()) {
            String text = (f.name() + " " + f.description()).toLowerCase(Locale.ROOT);
            for (String b : banned) {
                assertThat(text).as("%s mentions %s", f.name(), b).doesNotContain(b);
            }
        }
    }

    @Test
    void apiCatalogueResolvesByNameAndPrefix() {
        assertThat(ApiCatalogue.group("os.system")).isEqualTo(ApiGroup.CMD_SHELL);
        assertThat(ApiCatalogue.group("requests.Session.post")).isEqualTo(ApiGroup.NET_HTTP);
        assertThat(ApiCatalogue.group("socket.socket().connect")).isEqualTo(ApiGroup.NET_SOCKET);
        assertThat(ApiCatalogue.group("subprocess.Popen.communicate")).isEqualTo(ApiGroup.CMD_PROCESS);
        assertThat(ApiCatalogue.group("builtins.exec")).isEqualTo(ApiGroup.CODE_EVAL);
        assertThat(ApiCatalogue.group("?.connect")).isNull();
        assertThat(ApiCatalogue.group("os.path.join")).isNull();
        assertThat(ApiCatalogue.group("json.loads")).isNull();
    }

    /** docs/features.md is generated from the catalogue; run with -Dfang.writeDocs=true to regenerate it. */
    @Test
    void committedDocumentationMatchesTheCatalogue() throws IOException {
        Path doc = repoRoot().resolve("docs/features.md");
        String generated = FeatureCatalogue.markdown();
        if (Boolean.getBoolean("fang.writeDocs")) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, generated, StandardCharsets.UTF_8);
        }
        assertThat(doc).exists();
        assertThat(Files.readString(doc, StandardCharsets.UTF_8))
                .as("docs/features.md is stale: regenerate with -Dfang.writeDocs=true or FeatureCatalogue.main")
                .isEqualTo(generated);
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("featurize/pom.xml"))) {
            p = p.getParent();
        }
        assertThat(p).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return p;
    }
}
