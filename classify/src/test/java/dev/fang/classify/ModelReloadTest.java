package dev.fang.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.schema.ConsumerDecision;
import dev.fang.schema.ConsumerKind;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.DeadLetter;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.schema.Verdict;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.DatasetRow;
import dev.fang.training.model.HyperParams;
import dev.fang.training.model.Scorer;
import dev.fang.training.model.Trainer;
import dev.fang.training.model.TrainingConfig;
import dev.fang.training.model.TrainingResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live model reload: the model directory is replaced while records flow, wall-clock time passes, and the next verdict
 * comes from the new model with thresholds from its own calibration table — unless the new directory is broken.
 * The models are real LightGBM models trained here on small synthetic datasets.
 */
class ModelReloadTest {
    private static final String CATALOGUE = "fang-features-reload-test";
    private static final List<String> FEATURE_NAMES = List.of("install_exec_base64", "import_network_calls", "noise_a", "noise_b");
    private static final Duration RELOAD = Duration.ofSeconds(10);
    private static final double TARGET_FPR = 0.2;

    private static TrainingResult first;
    private static TrainingResult second;

    @TempDir
    Path dataDir;

    @TempDir
    Path modelDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, FeatureVector> features;
    private TestOutputTopic<String, Verdict> verdicts;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeAll
    static void trainTwoModels() {
        first = train(CATALOGUE, 1);
        second = train(CATALOGUE, 2);
        assertThat(second.info().modelId()).isNotEqualTo(first.info().modelId());
        assertThat(second.calibration().thresholdFor(TARGET_FPR)).isNotEqualTo(first.calibration().thresholdFor(TARGET_FPR));
    }

    @BeforeEach
    void startWithTheFirstModel() throws Exception {
        first.writeModelDir(modelDir);
        FangConfig config = FangConfig.defaults().with(Setting.DATA_DIR, dataDir.toString()).with(Setting.BOOTSTRAP_SERVERS, "unused:9092")
                .with(Setting.MODEL_DIR, modelDir.toString()).with(Setting.MODEL_RELOAD_SECONDS, String.valueOf(RELOAD.toSeconds()));
        driver = new TopologyTestDriver(ClassifyTopology.build(config), StreamsSettings.forStage(Stage.CLASSIFY, config));
        features = driver.createInputTopic(Topics.FEATURES.name(), Topics.FEATURES.keySerde().serializer(), Topics.FEATURES.valueSerde().serializer());
        verdicts = driver.createOutputTopic(Topics.VERDICTS.name(), Topics.VERDICTS.keySerde().deserializer(), Topics.VERDICTS.valueSerde().deserializer());
        var dlq = Topics.deadLetters(Stage.CLASSIFY);
        deadLetters = driver.createOutputTopic(dlq.name(), dlq.keySerde().deserializer(), dlq.valueSerde().deserializer());
        driver.createInputTopic(Topics.CONSUMERS.name(), Topics.CONSUMERS.keySerde().serializer(), Topics.CONSUMERS.valueSerde().serializer())
                .pipeInput("enterprise", ConsumerPolicy.newBuilder().setConsumerId("enterprise").setKind(ConsumerKind.ENTERPRISE)
                        .setTargetFpr(TARGET_FPR).setAlertTopic(Topics.ALERTS_ENTERPRISE.name()).build());
    }

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    @Test
    void shouldJudgeWithTheNewModelAndItsThresholdsOnceTheReloadIntervalHasPassed() throws Exception {
        features.pipeInput("pkg==1.0", vector(CATALOGUE, "1.0"));
        second.writeModelDir(modelDir);
        features.pipeInput("pkg==1.1", vector(CATALOGUE, "1.1"));

        driver.advanceWallClockTime(RELOAD);
        features.pipeInput("pkg==1.2", vector(CATALOGUE, "1.2"));

        List<Verdict> all = verdicts.readValuesToList();
        assertThat(all).extracting(Verdict::getReleaseKey).containsExactly("pkg==1.0", "pkg==1.1", "pkg==1.2");
        assertJudgedBy(first, all.get(0));
        assertJudgedBy(first, all.get(1));
        assertJudgedBy(second, all.get(2));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTheRunningModelWhileTheNewDirectoryIsHalfWrittenAndTakeItOnceComplete() throws Exception {
        Path written = second.writeModelDir(Files.createTempDirectory(dataDir, "second-"));
        Files.copy(written.resolve("model.json"), modelDir.resolve("model.json"), StandardCopyOption.REPLACE_EXISTING);
        String text = second.modelText();
        Files.writeString(modelDir.resolve("model.txt"), text.substring(0, text.length() / 2), StandardCharsets.UTF_8);

        driver.advanceWallClockTime(RELOAD);
        features.pipeInput("pkg==1.0", vector(CATALOGUE, "1.0"));
        assertJudgedBy(first, verdicts.readValue());

        second.writeModelDir(modelDir);
        driver.advanceWallClockTime(RELOAD);
        features.pipeInput("pkg==1.1", vector(CATALOGUE, "1.1"));
        assertJudgedBy(second, verdicts.readValue());
        assertThat(verdicts.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTheRunningModelWhenTheNewCalibrationTableIsIncomplete() throws Exception {
        second.writeModelDir(modelDir);
        List<String> table = Files.readAllLines(modelDir.resolve("calibration.tsv"));
        Files.write(modelDir.resolve("calibration.tsv"), table.subList(0, table.size() / 2));

        driver.advanceWallClockTime(RELOAD);
        features.pipeInput("pkg==1.0", vector(CATALOGUE, "1.0"));

        assertJudgedBy(first, verdicts.readValue());
    }

    @Test
    void shouldDeadLetterVectorsOfTheOldCatalogueOnceAModelOfANewCatalogueIsLoaded() throws Exception {
        TrainingResult newCatalogue = train(CATALOGUE + "-2", 1);
        newCatalogue.writeModelDir(modelDir);

        driver.advanceWallClockTime(RELOAD);
        features.pipeInput("pkg==1.0", vector(CATALOGUE, "1.0"));
        features.pipeInput("pkg==1.1", vector(CATALOGUE + "-2", "1.1"));

        assertThat(deadLetters.readValue().getReason()).contains("catalogue " + CATALOGUE + " with").contains(newCatalogue.info().modelId());
        assertJudgedBy(newCatalogue, verdicts.readValue());
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private static void assertJudgedBy(TrainingResult model, Verdict verdict) {
        assertThat(verdict.getModelId()).isEqualTo(model.info().modelId());
        try (Scorer scorer = model.newScorer()) {
            assertThat(verdict.getScore()).isEqualTo(scorer.score(values()));
        }
        assertThat(verdict.getDecisions()).singleElement().extracting(ConsumerDecision::getThreshold)
                .isEqualTo(model.calibration().thresholdFor(TARGET_FPR));
    }

    private static double[] values() {
        return new double[] {1.2, 0.8, 0.0, 0.3};
    }

    private static FeatureVector vector(String catalogue, String version) {
        List<Double> values = new ArrayList<>();
        for (double value : values()) {
            values.add(value);
        }
        return FeatureVector.newBuilder().setReleaseKey("pkg==" + version).setName("pkg").setVersion(version)
                .setFilename("pkg-" + version + ".tar.gz")
                .setFeatureSetVersion(catalogue).setValues(values).setComputedAt(Instant.now()).build();
    }

    /** Overlapping classes (malicious shifted by one standard deviation), so the calibration table has spread. */
    private static TrainingResult train(String catalogue, long seed) {
        Random random = new Random(seed);
        List<DatasetRow> rows = new ArrayList<>();
        List<double[]> vectors = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int label = i % 2;
            rows.add(new DatasetRow((label == 1 ? "mal:" : "deb:") + i, label, "group-" + i, label == 1 ? "malregistry" : "debian-binary",
                    label == 1 ? "malicious" : "", label == 1 ? "2024-01-01" : "", "sha-" + seed + "-" + i, 1000));
            vectors.add(new double[] {label + random.nextGaussian(), label + random.nextGaussian(), random.nextGaussian(), random.nextGaussian()});
        }
        TrainingConfig config = new TrainingConfig(2, 2, seed, 1, List.of(new HyperParams(4, 0.1, 5, 1.0)), 30, 5, 1.0, 0.25, "", java.util.Map.of());
        return new Trainer(config).train(Dataset.fromRows(catalogue, FEATURE_NAMES, rows, vectors));
    }
}
