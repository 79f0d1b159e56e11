package dev.fang.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void shouldNameEveryTopicAsDocumented() {
        assertThat(Topics.all()).extracting(Topic::name).containsExactly(
                "fang.releases", "fang.artifacts", "fang.features", "fang.verdicts",
                "fang.alerts.pypi-maintainers", "fang.alerts.enterprise", "fang.consumers",
                "fang.dlq.ingest", "fang.dlq.featurize", "fang.dlq.classify", "fang.dlq.alerting");
    }

    @Test
    void shouldCompactOnlyTheConsumersTopic() {
        assertThat(Topics.all()).filteredOn(Topic::compacted).containsExactly(Topics.CONSUMERS);
    }

    @Test
    void shouldFindTopicsByName() {
        assertThat(Topics.byName("fang.dlq.ingest")).contains(Topics.deadLetters(Stage.INGEST));
        assertThat(Topics.byName("fang.nope")).isEmpty();
    }

    @Test
    void shouldRoundTripAVerdictWithNestedRecords() {
        Verdict verdict = Verdict.newBuilder()
                .setReleaseKey("evil==1.0").setName("evil").setVersion("1.0").setScore(0.97).setModelId("m1")
                .setDecisions(List.of(new ConsumerDecision("pypi-maintainers", 0.9, true), new ConsumerDecision("enterprise", 0.3, true)))
                .setTopContributions(List.of(new Contribution("exec_of_decoded", 1.0, 2.5,
                        List.of(new Evidence("exec_of_decoded", "setup.py", 4, "exec(base64.b64decode(...))", "print('x')")))))
                .setDecidedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();

        byte[] bytes = Topics.VERDICTS.valueSerde().serializer().serialize(Topics.VERDICTS.name(), verdict);

        assertThat(Topics.VERDICTS.valueSerde().deserializer().deserialize(Topics.VERDICTS.name(), bytes)).isEqualTo(verdict);
    }

    @Test
    void shouldPassTombstonesThrough() {
        assertThat(Topics.CONSUMERS.valueSerde().serializer().serialize(Topics.CONSUMERS.name(), null)).isNull();
        assertThat(Topics.CONSUMERS.valueSerde().deserializer().deserialize(Topics.CONSUMERS.name(), null)).isNull();
    }

    @Test
    void shouldRejectGarbageWithTheRecordTypeInTheMessage() {
        byte[] garbage = {1, 2, 3, 4};

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Topics.ARTIFACTS.valueSerde().deserializer().deserialize(Topics.ARTIFACTS.name(), garbage))
                .hasMessageContaining("FetchedArtifact");
    }
}
