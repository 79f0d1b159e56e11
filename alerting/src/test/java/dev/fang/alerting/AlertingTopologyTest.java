package dev.fang.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.consumers.DefaultConsumers;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.schema.Alert;
import dev.fang.schema.ConsumerDecision;
import dev.fang.schema.ConsumerKind;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.Contribution;
import dev.fang.schema.DeadLetter;
import dev.fang.schema.Evidence;
import dev.fang.schema.Stage;
import dev.fang.schema.Suppression;
import dev.fang.schema.Topics;
import dev.fang.schema.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingTopologyTest {
    private static final double STRICT = 0.9;
    private static final double LOOSE = 0.3;

    @TempDir
    Path dataDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ConsumerPolicy> consumers;
    private TestInputTopic<String, Verdict> verdicts;
    private TestInputTopic<String, byte[]> rawVerdicts;
    private TestOutputTopic<String, Alert> pypiAlerts;
    private TestOutputTopic<String, Alert> enterpriseAlerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void startDriver() {
        FangConfig config = FangConfig.defaults().with(Setting.DATA_DIR, dataDir.toString()).with(Setting.BOOTSTRAP_SERVERS, "unused:9092");
        driver = new TopologyTestDriver(AlertingTopology.build(config), StreamsSettings.forStage(Stage.ALERTING, config));
        consumers = driver.createInputTopic(Topics.CONSUMERS.name(), Topics.CONSUMERS.keySerde().serializer(), Topics.CONSUMERS.valueSerde().serializer());
        verdicts = driver.createInputTopic(Topics.VERDICTS.name(), Topics.VERDICTS.keySerde().serializer(), Topics.VERDICTS.valueSerde().serializer());
        rawVerdicts = driver.createInputTopic(Topics.VERDICTS.name(), new StringSerializer(), new ByteArraySerializer());
        pypiAlerts = output(Topics.ALERTS_PYPI_MAINTAINERS.name());
        enterpriseAlerts = output(Topics.ALERTS_ENTERPRISE.name());
        var dlq = Topics.deadLetters(Stage.ALERTING);
        deadLetters = driver.createOutputTopic(dlq.name(), dlq.keySerde().deserializer(), dlq.valueSerde().deserializer());
        DefaultConsumers.all().forEach(policy -> consumers.pipeInput(policy.getConsumerId(), policy));
    }

    private TestOutputTopic<String, Alert> output(String topic) {
        return driver.createOutputTopic(topic, Topics.ALERTS_ENTERPRISE.keySerde().deserializer(), Topics.ALERTS_ENTERPRISE.valueSerde().deserializer());
    }

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    @Test
    void shouldAlertBothConsumersWhenTheScoreIsAboveTheStrictThreshold() {
        verdicts.pipeInput("evil==1.0", verdict("evil", 0.95));

        Alert strict = pypiAlerts.readValue();
        Alert loose = enterpriseAlerts.readValue();
        assertThat(strict.getConsumerId()).isEqualTo("pypi-maintainers");
        assertThat(strict.getThreshold()).isEqualTo(STRICT);
        assertThat(loose.getConsumerId()).isEqualTo("enterprise");
        assertThat(loose.getReasons()).singleElement().satisfies(reason -> assertThat(reason.getFeature()).isEqualTo("install_exec_decoded"));
        assertThat(loose.getLinks()).containsEntry("project", "https://pypi.org/project/evil/1.0/")
                .containsEntry("file:evil-1.0/setup.py", "evil-1.0.tar.gz/evil-1.0/setup.py:3");
        assertThat(pypiAlerts.isEmpty()).isTrue();
        assertThat(enterpriseAlerts.isEmpty()).isTrue();
    }

    @Test
    void shouldAlertOnlyTheLooseConsumerBetweenTheThresholds() {
        verdicts.pipeInput("grey==1.0", verdict("grey", 0.5));

        assertThat(pypiAlerts.isEmpty()).isTrue();
        assertThat(enterpriseAlerts.readValue().getReleaseKey()).isEqualTo("grey==1.0");
    }

    @Test
    void shouldAlertNobodyBelowTheLooseThreshold() {
        verdicts.pipeInput("fine==1.0", verdict("fine", 0.1));

        assertThat(pypiAlerts.isEmpty()).isTrue();
        assertThat(enterpriseAlerts.isEmpty()).isTrue();
    }

    @Test
    void shouldSendOneAlertPerReleaseFileAndConsumerWhenVerdictsRepeat() {
        verdicts.pipeInput("evil==1.0", verdict("evil", 0.95));
        verdicts.pipeInput("evil==1.0", verdict("evil", 0.96));

        assertThat(pypiAlerts.readValuesToList()).hasSize(1);
        assertThat(enterpriseAlerts.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldRouteANewConsumerAddedMidStreamToItsOwnTopic() {
        TestOutputTopic<String, Alert> acme = output("acme.alerts");
        verdicts.pipeInput("early==1.0", verdict("early", 0.95, "acme"));
        assertThat(acme.isEmpty()).isTrue();

        consumers.pipeInput("acme", ConsumerPolicy.newBuilder().setConsumerId("acme").setKind(ConsumerKind.ENTERPRISE)
                .setTargetFpr(0.05).setAlertTopic("acme.alerts").build());
        verdicts.pipeInput("later==1.0", verdict("later", 0.95, "acme"));

        assertThat(acme.readValue().getReleaseKey()).isEqualTo("later==1.0");
    }

    @Test
    void shouldRestrictAnEnterpriseToItsDependencies() {
        TestOutputTopic<String, Alert> acme = output("acme.alerts");
        consumers.pipeInput("acme", ConsumerPolicy.newBuilder().setConsumerId("acme").setKind(ConsumerKind.ENTERPRISE)
                .setTargetFpr(0.05).setAlertTopic("acme.alerts").setPackageAllowList(List.of("Requests", "numpy")).build());

        verdicts.pipeInput("evil==1.0", verdict("evil", 0.95, "acme"));
        verdicts.pipeInput("requests==9.9", verdict("requests", 0.95, "acme"));

        assertThat(acme.readValuesToList()).extracting(Alert::getName).containsExactly("requests");
    }

    @Test
    void shouldHoldBackOnlyTheAlertsAConsumerSuppressedAndAlertAgainForAnotherVersionFileOrFinding() {
        String reviewed = "a".repeat(64);
        ConsumerPolicy enterprise = DefaultConsumers.all().stream().filter(p -> p.getConsumerId().equals("enterprise")).findFirst().orElseThrow();
        consumers.pipeInput("enterprise", ConsumerPolicy.newBuilder(enterprise).setSuppressions(List.of(
                new Suppression("Evil", "1.0", null, null, "reviewed by ana: a test harness"),
                new Suppression("pinned", "1.0", reviewed, null, "this wheel only"),
                new Suppression("finding", "1.0", null, "install_exec_decoded", "the decoded exec is a licence check"),
                new Suppression("other-finding", "1.0", null, "install_sus_exfil_services", "the webhook is the vendor's"))).build());

        verdicts.pipeInput("evil==1.0", verdict("evil", 0.95));
        verdicts.pipeInput("evil==2.0", Verdict.newBuilder(verdict("evil", 0.95)).setReleaseKey("evil==2.0").setVersion("2.0").build());
        verdicts.pipeInput("pinned==1.0", Verdict.newBuilder(verdict("pinned", 0.95)).setArtifactSha256(reviewed.toUpperCase()).build());
        verdicts.pipeInput("pinned==1.0", Verdict.newBuilder(verdict("pinned", 0.95)).setFilename("pinned-1.0-py3-none-any.whl")
                .setArtifactSha256("b".repeat(64)).build());
        verdicts.pipeInput("finding==1.0", verdict("finding", 0.95));
        verdicts.pipeInput("other-finding==1.0", verdict("other-finding", 0.95));

        assertThat(enterpriseAlerts.readValuesToList()).extracting(a -> a.getReleaseKey() + " " + a.getFilename())
                .containsExactly("evil==2.0 evil-1.0.tar.gz", "pinned==1.0 pinned-1.0-py3-none-any.whl",
                        "other-finding==1.0 other-finding-1.0.tar.gz");
        assertThat(pypiAlerts.readValuesToList()).hasSize(6);   // another consumer's suppressions are not its own
    }

    @Test
    void shouldStopAlertingAConsumerThatWasRemoved() {
        consumers.pipeInput("enterprise", (ConsumerPolicy) null);

        verdicts.pipeInput("evil==1.0", verdict("evil", 0.95));

        assertThat(enterpriseAlerts.isEmpty()).isTrue();
        assertThat(pypiAlerts.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldDeadLetterAnUndecodableVerdictAndKeepGoing() {
        rawVerdicts.pipeInput("broken==1", "nope".getBytes(StandardCharsets.UTF_8));
        verdicts.pipeInput("evil==1.0", verdict("evil", 0.95));

        assertThat(deadLetters.readValue().getReason()).startsWith("undecodable verdict");
        assertThat(pypiAlerts.readValuesToList()).hasSize(1);
    }

    private static Verdict verdict(String name, double score, String... extraConsumers) {
        List<ConsumerDecision> decisions = new java.util.ArrayList<>(List.of(
                new ConsumerDecision("pypi-maintainers", STRICT, score >= STRICT),
                new ConsumerDecision("enterprise", LOOSE, score >= LOOSE)));
        for (String consumer : extraConsumers) {
            decisions.add(new ConsumerDecision(consumer, LOOSE, score >= LOOSE));
        }
        return Verdict.newBuilder()
                .setReleaseKey(name + "==1.0").setName(name).setVersion("1.0").setFilename(name + "-1.0.tar.gz")
                .setScore(score).setModelId("test-model")
                .setDecisions(decisions)
                .setTopContributions(List.of(new Contribution("install_exec_decoded", 1.0, 2.0,
                        List.of(new Evidence("install_exec_decoded", name + "-1.0/setup.py", 3, "exec(b64decode(...))", "import os")))))
                .setDecidedAt(Instant.parse("2024-09-01T00:00:00Z"))
                .build();
    }
}
