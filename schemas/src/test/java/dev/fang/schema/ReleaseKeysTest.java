package dev.fang.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReleaseKeysTest {
    @Test
    void shouldNormalizeNamesAsPep503Does() {
        assertThat(ReleaseKeys.normalizeName("Friendly-Bard")).isEqualTo("friendly-bard");
        assertThat(ReleaseKeys.normalizeName("FRIENDLY-BARD")).isEqualTo("friendly-bard");
        assertThat(ReleaseKeys.normalizeName("friendly.bard")).isEqualTo("friendly-bard");
        assertThat(ReleaseKeys.normalizeName("friendly_bard")).isEqualTo("friendly-bard");
        assertThat(ReleaseKeys.normalizeName("friendly--bard")).isEqualTo("friendly-bard");
        assertThat(ReleaseKeys.normalizeName("FrIeNdLy-._.-bArD")).isEqualTo("friendly-bard");
    }

    @Test
    void shouldKeyReleasesByNormalizedNameAndVersion() {
        assertThat(ReleaseKeys.of("Django_Utils", "2.0.1")).isEqualTo("django-utils==2.0.1");
    }
}
