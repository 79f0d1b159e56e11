package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fang.featurize.features.Family;
import dev.fang.featurize.features.FeatureCatalogue;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainCommandTest {
    @Test
    void shouldLeaveOutTheSizeAndDensityFamiliesByDefault() {
        assertThat(TrainCommand.families(new TrainCommand().withoutFamilies)).containsExactly(Family.SHAPE, Family.OPERATORS, Family.ENTROPY);
    }

    @Test
    void shouldReadFamilyIdsInAnyCaseAndNoneAsNothing() {
        assertThat(TrainCommand.families(List.of("Api", "decoded"))).containsExactly(Family.API, Family.DECODED);
        assertThat(TrainCommand.families(List.of("none"))).isEmpty();
    }

    @Test
    void shouldNameTheFamiliesWhenOneIsUnknown() {
        assertThatThrownBy(() -> TrainCommand.families(List.of("shapes"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no feature family 'shapes'").hasMessageContaining("shape, operators");
    }

    @Test
    void shouldKeepTheScoreFromFallingInUrlAndIpCountsByDefaultOnly() {
        List<String> names = FeatureCatalogue.names();
        List<String> constraints = Arrays.asList(TrainCommand.trainingConfig(List.of(), new TrainCommand().monotoneFeatures, names)
                .monotoneConstraints().split(","));
        assertThat(constraints).hasSize(names.size());
        for (int i = 0; i < names.size(); i++) {
            boolean constrained = List.of("install_url_distinct", "import_url_distinct", "install_ip_public_distinct",
                    "import_ip_public_distinct").contains(names.get(i));
            assertThat(constraints.get(i)).as(names.get(i)).isEqualTo(constrained ? "1" : "0");
        }
        assertThat(TrainCommand.trainingConfig(List.of(), List.of("none"), names).monotoneConstraints()).isEmpty();
    }

    @Test
    void shouldRefuseAMonotoneFeatureThatNoScopeHas() {
        assertThatThrownBy(() -> TrainCommand.trainingConfig(List.of(), List.of("url_count"), FeatureCatalogue.names()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no feature named 'url_count'");
    }

    @Test
    void shouldCapAFeatureInEveryScope() {
        assertThat(TrainCommand.scopedCaps(List.of("dec_strings=5"), FeatureCatalogue.names()))
                .isEqualTo(java.util.Map.of("install_dec_strings", 5.0, "import_dec_strings", 5.0));
        assertThat(TrainCommand.scopedCaps(List.of("none"), FeatureCatalogue.names())).isEmpty();
        assertThat(TrainCommand.scopedCaps(new TrainCommand().caps, FeatureCatalogue.names())).hasSize(2 * TrainCommand.DEFAULT_CAPS.size())
                .containsEntry("import_obf_base_n", 0.0).containsEntry("install_dec_strings", 0.0).doesNotContainKey("import_dec_urls");
        assertThatThrownBy(() -> TrainCommand.scopedCaps(List.of("decoded_strings=5"), FeatureCatalogue.names()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no feature named 'decoded_strings'");
        assertThatThrownBy(() -> TrainCommand.scopedCaps(List.of("dec_strings"), FeatureCatalogue.names()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NAME=N");
    }
}
