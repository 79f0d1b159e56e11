package dev.fang.schema;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one registry of Fang's topics. Producers, topologies, the CLI and tests all take names and serdes
 * from here. Keys are release keys ({@link ReleaseKeys}) except on the consumers topic (consumer id).
 */
public final class Topics {
    private static final RecordSerdes SERDES = RecordSerdes.SINGLE_OBJECT_AVRO;

    public static final Topic<String, PackageRelease> RELEASES = topic("fang.releases", PackageRelease.class, false);
    public static final Topic<String, FetchedArtifact> ARTIFACTS = topic("fang.artifacts", FetchedArtifact.class, false);
    public static final Topic<String, FeatureVector> FEATURES = topic("fang.features", FeatureVector.class, false);
    public static final Topic<String, Verdict> VERDICTS = topic("fang.verdicts", Verdict.class, false);
    public static final Topic<String, Alert> ALERTS_PYPI_MAINTAINERS = topic("fang.alerts.pypi-maintainers", Alert.class, false);
    public static final Topic<String, Alert> ALERTS_ENTERPRISE = topic("fang.alerts.enterprise", Alert.class, false);
    public static final Topic<String, ConsumerPolicy> CONSUMERS = topic("fang.consumers", ConsumerPolicy.class, true);

    private static final List<Topic<String, DeadLetter>> DEAD_LETTERS = Arrays.stream(Stage.values())
            .map(stage -> topic("fang.dlq." + stage.id(), DeadLetter.class, false))
            .toList();

    private Topics() {
    }

    public static Topic<String, DeadLetter> deadLetters(Stage stage) {
        return DEAD_LETTERS.get(stage.ordinal());
    }

    /** Every topic Fang creates at start-up. */
    public static List<Topic<String, ?>> all() {
        return Stream.<Topic<String, ?>>concat(
                Stream.of(RELEASES, ARTIFACTS, FEATURES, VERDICTS, ALERTS_PYPI_MAINTAINERS, ALERTS_ENTERPRISE, CONSUMERS),
                DEAD_LETTERS.stream()).toList();
    }

    public static Optional<Topic<String, ?>> byName(String name) {
        return all().stream().filter(topic -> topic.name().equals(name)).findFirst();
    }

    /** The current writer schema of every record type on Fang's topics, nested types included. */
    public static List<Schema> valueSchemas() {
        return all().stream()
                .map(topic -> SpecificData.get().getSchema(topic.valueType()))
                .distinct()
                .toList();
    }

    private static <V extends SpecificRecord> Topic<String, V> topic(String name, Class<V> type, boolean compacted) {
        Serde<V> values = SERDES.forRecord(type);
        return new Topic<>(name, Serdes.String(), values, type, compacted);
    }
}
