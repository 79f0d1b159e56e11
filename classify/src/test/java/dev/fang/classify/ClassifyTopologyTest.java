package dev.fang.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.schema.ConsumerDecision;
import dev.fang.schema.ConsumerKind;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.DeadLetter;
import dev.fang.schema.Evidence;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.schema.Verdict;
import dev.fang.training.model.DefaultModel;
import dev.fang.training.model.Model;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classify topology with the shipped model: thresholds per consumer from the store, reasons on alerts, dead letters. */
class ClassifyTopologyTest {
    private static Model model;

    @TempDir
    Path dataDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ConsumerPolicy> consumers;
    private TestInputTopic<String, FeatureVector> features;
    private TestInputTopic<String, byte[]> rawFeatures;
    private TestOutputTopic<String, Verdict> verdicts;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeAll
    static void loadModel() throws Exception {
        model = Model.load(DefaultModel.dir(FangConfig.defaults()));
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @BeforeEach
    void startDriver() {
        FangConfig config = FangConfig.defaults().with(Setting.DATA_DIR, dataDir.toString()).with(Setting.BOOTSTRAP_SERVERS, "unused:9092");
        driver = new TopologyTestDriver(ClassifyTopology.build(config), StreamsSettings.forStage(Stage.CLASSIFY, config));
        consumers = driver.createInputTopic(Topics.CONSUMERS.name(), Topics.CONSUMERS.keySerde().serializer(), Topics.CONSUMERS.valueSerde().serializer());
        features = driver.createInputTopic(Topics.FEATURES.name(), Topics.FEATURES.keySerde().serializer(), Topics.FEATURES.valueSerde().serializer());
        rawFeatures = driver.createInputTopic(Topics.FEATURES.name(), new StringSerializer(), new ByteArraySerializer());
        verdicts = driver.createOutputTopic(Topics.VERDICTS.name(), Topics.VERDICTS.keySerde().deserializer(), Topics.VERDICTS.valueSerde().deserializer());
        var dlq = Topics.deadLetters(Stage.CLASSIFY);
        deadLetters = driver.createOutputTopic(dlq.name(), dlq.keySerde().deserializer(), dlq.valueSerde().deserializer());
    }

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    @Test
    void shouldDecideEachConsumerAtItsOwnThresholdJustAboveAndBelowTheScore() {
        FeatureVector vector = vector(Collections.nCopies(model.featureNames().size(), 1.0));
        double score = model.score(toArray(vector.getValues()));
        consumers.pipeInput("strict", policy("strict", score + 1e-6));
        consumers.pipeInput("loose", policy("loose", score - 1e-6));

        features.pipeInput(vector.getReleaseKey(), vector);

        Verdict verdict = verdicts.readValue();
        Map<String, ConsumerDecision> decisions = verdict.getDecisions().stream().collect(Collectors.toMap(ConsumerDecision::getConsumerId, d -> d));
        assertThat(verdict.getScore()).isEqualTo(score);
        assertThat(verdict.getModelId()).isEqualTo(model.id());
        assertThat(verdict.getFilename()).isEqualTo("pkg-1.0.tar.gz");
        assertThat(verdict.getArtifactSha256()).isEqualTo(vector.getArtifactSha256()).isNotNull();
        assertThat(decisions.get("strict").getAlert()).isFalse();
        assertThat(decisions.get("loose").getAlert()).isTrue();
        assertThat(verdict.getTopContributions()).hasSizeLessThanOrEqualTo(Judge.REASONS_PER_VERDICT).isNotEmpty();
    }

    @Test
    void shouldReadTargetFprThresholdsOffTheModelsCalibration() {
        consumers.pipeInput("maintainers", ConsumerPolicy.newBuilder().setConsumerId("maintainers").setKind(ConsumerKind.PYPI_MAINTAINER)
                .setTargetFpr(0.001).setAlertTopic(Topics.ALERTS_PYPI_MAINTAINERS.name()).build());

        features.pipeInput("pkg==1.0", vector(Collections.nCopies(model.featureNames().size(), 0.0)));

        assertThat(verdicts.readValue().getDecisions()).singleElement()
                .satisfies(decision -> assertThat(decision.getThreshold()).isEqualTo(model.thresholdFor(0.001)));
    }

    @Test
    void shouldApplyAConsumerAddedMidStreamToTheNextRecord() {
        FeatureVector vector = vector(Collections.nCopies(model.featureNames().size(), 1.0));
        features.pipeInput(vector.getReleaseKey(), vector);
        assertThat(verdicts.readValue().getDecisions()).isEmpty();

        consumers.pipeInput("late", policy("late", 0.0));
        features.pipeInput(vector.getReleaseKey(), vector);

        assertThat(verdicts.readValue().getDecisions()).extracting(ConsumerDecision::getConsumerId).containsExactly("late");
    }

    @Test
    void shouldCarryTheEvidenceBehindEachReason() {
        List<Double> values = new ArrayList<>(Collections.nCopies(model.featureNames().size(), 0.0));
        FeatureVector probe = vector(values);
        String top = model.explain(toArray(values)).top(1)[0].feature();
        probe.setEvidence(List.of(new Evidence(top, "pkg-1.0/setup.py", 3, "exec(...)", "print('x')")));
        consumers.pipeInput("everything", policy("everything", 0.0));

        features.pipeInput(probe.getReleaseKey(), probe);

        assertThat(verdicts.readValue().getTopContributions().get(0).getEvidence())
                .singleElement().satisfies(evidence -> assertThat(evidence.getFile()).isEqualTo("pkg-1.0/setup.py"));
    }

    @Test
    void shouldLeaveOutReasonsWhenNoConsumerAlerts() {
        FeatureVector vector = vector(Collections.nCopies(model.featureNames().size(), 0.0));
        consumers.pipeInput("never", policy("never", 1.1));

        features.pipeInput(vector.getReleaseKey(), vector);

        Verdict verdict = verdicts.readValue();
        assertThat(verdict.getDecisions()).singleElement().satisfies(decision -> assertThat(decision.getAlert()).isFalse());
        assertThat(verdict.getTopContributions()).isEmpty();
    }

    @Test
    void shouldDeadLetterVectorsOfAnotherCatalogueAndUndecodableRecords() {
        FeatureVector stranger = vector(List.of(1.0, 2.0));
        stranger.setFeatureSetVersion("someone-elses-features-9");

        features.pipeInput("stranger==1", stranger);
        rawFeatures.pipeInput("broken==1", "nope".getBytes(StandardCharsets.UTF_8));
        features.pipeInput("pkg==1.0", vector(Collections.nCopies(model.featureNames().size(), 0.0)));

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).extracting(DeadLetter::getReason)
                .anySatisfy(reason -> assertThat(reason).contains("catalogue someone-elses-features-9").contains(model.catalogueVersion()))
                .anySatisfy(reason -> assertThat(reason).startsWith("undecodable feature vector"));
        assertThat(verdicts.readValuesToList()).hasSize(1);
    }

    private static ConsumerPolicy policy(String id, double threshold) {
        return ConsumerPolicy.newBuilder().setConsumerId(id).setKind(ConsumerKind.ENTERPRISE).setThreshold(threshold)
                .setAlertTopic("fang.alerts." + id).build();
    }

    private static FeatureVector vector(List<Double> values) {
        return FeatureVector.newBuilder().setReleaseKey("pkg==1.0").setName("pkg").setVersion("1.0").setFilename("pkg-1.0.tar.gz")
                .setArtifactSha256("c".repeat(64)).setFeatureSetVersion(model.catalogueVersion()).setValues(new ArrayList<>(values)).setComputedAt(Instant.now()).build();
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
