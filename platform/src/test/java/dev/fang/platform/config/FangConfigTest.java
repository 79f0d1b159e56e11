package dev.fang.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fang.platform.config.FangConfig.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FangConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldUseEmbeddedKafkaWhenNoBootstrapServersAreGiven() {
        FangConfig config = FangConfig.load(Optional.empty(), Map.of());

        assertThat(config.usesEmbeddedKafka()).isTrue();
        assertThat(config.topicPartitions()).isEqualTo(6);
    }

    @Test
    void shouldLayerFileThenEnvironmentThenFlags() throws Exception {
        Path file = dir.resolve("fang.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\ntopic.partitions=12\nfetch.attempts=5\n");

        FangConfig config = FangConfig.load(Optional.of(file), Map.of("FANG_BOOTSTRAP_SERVERS", "env:9092", "FANG_FETCH_ATTEMPTS", "7"))
                .with(Setting.FETCH_ATTEMPTS, "9");

        assertThat(config.bootstrapServers()).isEqualTo("env:9092");
        assertThat(config.topicPartitions()).isEqualTo(12);
        assertThat(config.intValue(Setting.FETCH_ATTEMPTS)).isEqualTo(9);
        assertThat(config.usesEmbeddedKafka()).isFalse();
    }

    @Test
    void shouldRejectUnknownKeysInFilesWithTheKnownOnesListed() throws Exception {
        Path file = dir.resolve("fang.properties");
        Files.writeString(file, "bootstrap.server=typo:9092\n");

        assertThatThrownBy(() -> FangConfig.load(Optional.of(file), Map.of()))
                .hasMessageContaining("unknown setting 'bootstrap.server'")
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldPassStreamsOverridesThrough() {
        FangConfig config = FangConfig.defaults().withAll(Map.of("streams.override.num.standby.replicas", "1"));

        assertThat(config.streamsOverrides()).containsEntry("num.standby.replicas", "1");
    }

    @Test
    void shouldExplainBadNumbers() {
        FangConfig config = FangConfig.defaults().with(Setting.TOPIC_PARTITIONS, "six");

        assertThatThrownBy(config::topicPartitions).hasMessage("setting topic.partitions must be a whole number, got 'six'");
    }

    @Test
    void shouldTurnModelReloadingOffWithZeroAndRefuseNegativeIntervals() {
        assertThat(FangConfig.defaults().with(Setting.MODEL_RELOAD_SECONDS, "0").modelReloadInterval()).isZero();

        assertThatThrownBy(FangConfig.defaults().with(Setting.MODEL_RELOAD_SECONDS, "-5")::modelReloadInterval)
                .hasMessage("setting model.reload.seconds must not be negative, got -5");
    }

    @Test
    void shouldSplitAllowedHostsAndLowerCaseThem() {
        FangConfig config = FangConfig.defaults().with(Setting.FETCH_ALLOWED_HOSTS, " Files.PythonHosted.org , mirror.local ,");

        assertThat(config.allowedHosts()).containsExactly("files.pythonhosted.org", "mirror.local");
    }
}
