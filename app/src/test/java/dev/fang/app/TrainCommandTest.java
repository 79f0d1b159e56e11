package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fang.featurize.features.Family;
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
}
