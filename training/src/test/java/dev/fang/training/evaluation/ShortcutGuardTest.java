package dev.fang.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fang.training.dataset.Dataset;
import dev.fang.training.model.Scorer;
import dev.fang.training.model.Synthetic;
import dev.fang.training.model.Trainer;
import dev.fang.training.model.TrainingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShortcutGuardTest {

    @Test
    void recognisesLayoutFeatureNames() {
        for (String layout : List.of("pkg_egg_info_files", "pkg_has_pkg_info", "pkg_pkg-info", "pkg_dist_info_dirs", "pkg_record",
                "pkg_metadata", "pkg_file_count", "pkg_n_files", "install_setup_py_present", "pkg_has_setup", "pkg_root_depth",
                "pkg_is_sdist", "pkg_wheel", "pkg_ext_py", "pkg_ext_so", "pkg_ext_pyd", "pkg_ext_other_binary", "PKG_EGG_INFO")) {
            assertThat(ShortcutGuard.isLayoutFeature(layout)).as(layout).isTrue();
        }
        for (String code : List.of("install_hook_egg_info_subclasses", "import_hook_egg_info_subclasses", "import_api_network_sites",
                "install_api_host_info_distinct", "import_parse_limited_files", "pkg_ext_pyc_orphan", "pkg_ext_exe", "import_beh_info_stealing",
                "install_sus_total", "import_obf_base64")) {
            assertThat(ShortcutGuard.isLayoutFeature(code)).as(code).isFalse();
        }
    }

    @Test
    void catchesAPlantedLayoutShortcut() {
        Dataset leaky = Synthetic.dataset(120, 1.0, true, 5);
        TrainingResult result = new Trainer(Synthetic.fastConfig(3)).train(leaky);
        FeatureRanking ranking;
        try (Scorer scorer = result.newScorer()) {
            ranking = ShortcutGuard.rank(scorer, leaky);
        }
        assertThat(ranking.topByGain(10)).contains(Synthetic.LEAK);
        assertThat(ranking.topByShap(10)).contains(Synthetic.LEAK);
        assertThat(ranking.topByGain(1)).containsExactly(Synthetic.LEAK);
        assertThat(ShortcutGuard.violations(ranking, 10)).containsExactly(Synthetic.LEAK);
        assertThatThrownBy(() -> ShortcutGuard.assertNoLayoutShortcut(ranking))
                .isInstanceOf(ShortcutGuard.ShortcutException.class)
                .hasMessageContaining(Synthetic.LEAK);
    }

    @Test
    void passesAModelThatUsesCodeFeatures() {
        Dataset clean = Synthetic.dataset(120, 2.0, false, 5);
        TrainingResult result = new Trainer(Synthetic.fastConfig(3)).train(clean);
        FeatureRanking ranking;
        try (Scorer scorer = result.newScorer()) {
            ranking = ShortcutGuard.rank(scorer, clean);
        }
        assertThat(ranking.byGain()).hasSize(clean.featureNames().size());
        assertThat(ranking.byShap()).hasSize(clean.featureNames().size());
        // the four informative features lead both rankings
        assertThat(ranking.topByGain(4)).containsExactlyInAnyOrderElementsOf(clean.featureNames().subList(0, 4));
        assertThat(ranking.topByShap(4)).containsExactlyInAnyOrderElementsOf(clean.featureNames().subList(0, 4));
        assertThat(ShortcutGuard.violations(ranking, 10)).isEmpty();
        ShortcutGuard.assertNoLayoutShortcut(ranking);
    }
}
