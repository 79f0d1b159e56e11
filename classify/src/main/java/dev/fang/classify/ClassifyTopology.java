package dev.fang.classify;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.consumers.ConsumerStore;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.training.model.DefaultModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The classify stage: each feature vector in, a verdict out — the model's score, the model's id, every consumer's
 * decision at its own threshold (read from the consumers' global store, so a new consumer or operating point applies
 * to the next record), and the top reasons with their evidence when some consumer alerts. Vectors the model cannot
 * score are dead-lettered. Every {@code model.reload.seconds} the model directory is checked, and a new model that
 * loads and validates is used from the next record on, target-FPR thresholds read off its own calibration table.
 */
public final class ClassifyTopology {
    static final String FEATURES = "features";
    static final String SCORE = "score-features";
    static final String VERDICTS_SINK = "verdicts";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String CONSUMERS_STORE = "classify-consumers";

    private ClassifyTopology() {
    }

    /** With the model {@code model.dir} names (by default the shipped one), loaded once and shared by the tasks. */
    public static Topology build(FangConfig config) {
        Path dir = DefaultModel.dir(config);
        Duration reloadInterval = config.modelReloadInterval();
        LiveModel model;
        try {
            model = LiveModel.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model from " + dir + ": " + e.getMessage(), e);
        }
        Topology topology = new Topology();
        ConsumerStore.addTo(topology, CONSUMERS_STORE);
        topology.addSource(FEATURES, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.FEATURES.name());
        topology.addProcessor(SCORE, () -> new ClassifyProcessor(model, reloadInterval), FEATURES);
        topology.addSink(VERDICTS_SINK, Topics.VERDICTS.name(), Topics.VERDICTS.keySerde().serializer(), Topics.VERDICTS.valueSerde().serializer(), SCORE);
        var deadLetters = Topics.deadLetters(Stage.CLASSIFY);
        topology.addSink(DEAD_LETTER_SINK, deadLetters.name(), deadLetters.keySerde().serializer(), deadLetters.valueSerde().serializer(), SCORE);
        return topology;
    }
}
