package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.alerting.AlertingTopology;
import dev.fang.classify.ClassifyTopology;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.kafka.EmbeddedKafka;
import dev.fang.platform.kafka.StageRunner;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.platform.kafka.TopicAdmin;
import dev.fang.schema.Alert;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.schema.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fang reset} on a real broker: a stopped stage processes its input again; a running one is left alone. */
class ResetCommandIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ALERTING_SENT_CHANGELOG = "fang-alerting-alerting-sent-changelog";

    private static Map<String, FeatureVector> demoVectors;

    @TempDir
    Path dir;

    private EmbeddedKafka kafka;
    private FangConfig config;

    @BeforeAll
    static void featurizeDemoPackages() throws Exception {
        demoVectors = DemoReleases.featurizeDemoPackages();
    }

    @BeforeEach
    void startBroker() {
        kafka = EmbeddedKafka.start();
        config = FangConfig.defaults().with(Setting.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(Setting.DATA_DIR, dir.resolve("data").toString()).with(Setting.TOPIC_PARTITIONS, "2");
        TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.all(), config.topicPartitions(), config.replicationFactor());
        ConsumerRegistry.seedDefaults(config);
    }

    @AfterEach
    void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldRefuseToResetAStageWhileAnInstanceOfItRuns() throws Exception {
        try (StageRunner classify = start(Stage.CLASSIFY, ClassifyTopology.build(config))) {
            FangCliIT.Run reset = fang("reset", "classify");

            assertThat(reset.exitCode()).isEqualTo(1);
            assertThat(reset.err()).contains("fang-classify is still running: its group has 1 active member(s)")
                    .contains("stop every instance of it before resetting");
        }
    }

    @Test
    void shouldRefuseTwoStartingPoints() {
        FangCliIT.Run reset = fang("reset", "classify", "--by-duration", "P30D", "--to-datetime", "2026-10-26T00:00:00Z");

        assertThat(reset.exitCode()).isEqualTo(2);
        assertThat(reset.err()).contains("give --to-datetime or --by-duration, not both");
    }

    @Test
    void shouldRescoreOnlyTheLastThirtyDaysAfterResettingClassifyByDuration() throws Exception {
        List<FeatureVector> old = DemoReleases.releases(demoVectors, "old", 9);
        List<FeatureVector> recent = DemoReleases.releases(demoVectors, "recent", 9);
        DemoReleases.publish(kafka.bootstrapServers(), old, Instant.now().minus(Duration.ofDays(60)));
        DemoReleases.publish(kafka.bootstrapServers(), recent, Instant.now().minus(Duration.ofDays(1)));
        try (StageRunner classify = start(Stage.CLASSIFY, ClassifyTopology.build(config))) {
            assertThat(awaitVerdicts(18)).hasSize(18);
        }

        FangCliIT.Run reset = fang("reset", "classify", "--by-duration", "P30D");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("fang-classify: fang.features restarts from 20").contains("removed local state");
        assertThat(config.dataDir().resolve("streams").resolve("fang-classify")).doesNotExist();
        try (StageRunner classify = start(Stage.CLASSIFY, ClassifyTopology.build(config))) {
            Map<String, Long> verdictsPerRelease = CommittedRecords.countByKey(awaitVerdicts(27));
            assertThat(verdictsPerRelease).hasSize(18);
            old.forEach(release -> assertThat(verdictsPerRelease.get(release.getReleaseKey())).as(release.getReleaseKey()).isEqualTo(1));
            recent.forEach(release -> assertThat(verdictsPerRelease.get(release.getReleaseKey())).as(release.getReleaseKey()).isEqualTo(2));
        }
    }

    @Test
    void shouldSendAlertsAgainAfterResettingAllBecauseAlertingForgetsWhatItSent() throws Exception {
        // Canaries only: every one of them is due an enterprise alert, whatever the benign fixtures score.
        List<FeatureVector> releases = DemoReleases.releases(Map.of("fang-canary", demoVectors.get("fang-canary")), "again", 6);
        DemoReleases.publish(kafka.bootstrapServers(), releases, Instant.now());
        try (StageRunner classify = start(Stage.CLASSIFY, ClassifyTopology.build(config));
             StageRunner alerting = start(Stage.ALERTING, AlertingTopology.build(config))) {
            assertThat(awaitEnterpriseAlerts(6)).hasSize(6);
        }
        assertThat(topics()).contains(ALERTING_SENT_CHANGELOG);

        FangCliIT.Run reset = fang("reset", "all");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("fang-alerting: deleted internal topics [" + ALERTING_SENT_CHANGELOG + "]")
                .contains("fang-ingest: fang.releases restarts from the earliest record")
                .contains("fang-featurize: fang.artifacts restarts from the earliest record");
        assertThat(topics()).doesNotContain(ALERTING_SENT_CHANGELOG);
        try (StageRunner classify = start(Stage.CLASSIFY, ClassifyTopology.build(config));
             StageRunner alerting = start(Stage.ALERTING, AlertingTopology.build(config))) {
            Map<String, Long> alertsPerRelease = CommittedRecords.countByKey(awaitEnterpriseAlerts(12));
            assertThat(alertsPerRelease).hasSize(6).allSatisfy((release, alerts) -> assertThat(alerts).as(release).isEqualTo(2));
        }
    }

    @Test
    void shouldResetAStageThatRunsWithTheStreamsGroupProtocol() throws Exception {
        config = config.withAll(Map.of(FangConfig.STREAMS_OVERRIDE_PREFIX + "group.protocol", "streams"));
        List<FeatureVector> releases = DemoReleases.releases(demoVectors, "streams-group", 6);
        DemoReleases.publish(kafka.bootstrapServers(), releases, Instant.now());
        try (StageRunner classify = start(Stage.CLASSIFY, ClassifyTopology.build(config))) {
            assertThat(awaitVerdicts(6)).hasSize(6);
            FangCliIT.Run refused = fang("reset", "classify");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("fang-classify is still running: its group has 1 active member(s)");
        }

        FangCliIT.Run reset = fang("reset", "classify");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        try (StageRunner classify = start(Stage.CLASSIFY, ClassifyTopology.build(config))) {
            assertThat(CommittedRecords.countByKey(awaitVerdicts(12))).hasSize(6).allSatisfy((release, verdicts) -> assertThat(verdicts).isEqualTo(2));
        }
    }

    private StageRunner start(Stage stage, Topology topology) throws InterruptedException {
        StageRunner runner = StageRunner.start(stage.id(), topology, StreamsSettings.forStage(stage, config));
        assertThat(runner.awaitRunning(WAIT)).as(stage + " running").isTrue();
        return runner;
    }

    private List<ConsumerRecord<String, Verdict>> awaitVerdicts(int count) throws InterruptedException {
        return CommittedRecords.await(kafka.bootstrapServers(), Topics.VERDICTS.name(), Topics.VERDICTS.valueSerde().deserializer(),
                records -> records.size() >= count, WAIT);
    }

    private List<ConsumerRecord<String, Alert>> awaitEnterpriseAlerts(int count) throws InterruptedException {
        return CommittedRecords.await(kafka.bootstrapServers(), Topics.ALERTS_ENTERPRISE.name(), Topics.ALERTS_ENTERPRISE.valueSerde().deserializer(),
                records -> records.size() >= count, WAIT);
    }

    private Set<String> topics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.listTopics().names().get();
        }
    }

    private FangCliIT.Run fang(String... args) {
        List<String> withCluster = new ArrayList<>(List.of(args));
        withCluster.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--data-dir", config.dataDir().toString(),
                "--set", "topic.partitions=2"));
        return FangCliIT.fang(withCluster.toArray(String[]::new));
    }
}
