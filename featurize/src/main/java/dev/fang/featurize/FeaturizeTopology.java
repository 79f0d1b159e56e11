package dev.fang.featurize;

import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.featurize.source.PackageLoader;
import dev.fang.platform.config.FangConfig;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The featurize stage: each fetched artifact in, its feature vector (with evidence) out. The artifact's
 * bytes come from the blob store and are read through the safe archive reader; a package that cannot be
 * analysed becomes a dead letter and the stream goes on.
 */
public final class FeaturizeTopology {
    static final String SOURCE = "artifacts";
    static final String FEATURIZE = "featurize-artifacts";
    static final String FEATURES_SINK = "features";
    static final String DEAD_LETTER_SINK = "dead-letters";

    private FeaturizeTopology() {
    }

    public static Topology build(FangConfig config) {
        ArtifactFeaturizer featurizer = new ArtifactFeaturizer(config.blobStore(), new PackageLoader(config.archiveLimits()), new PackageFeaturizer());
        Topology topology = new Topology();
        // Raw bytes in, so an undecodable record becomes a dead letter instead of stopping the stage.
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.ARTIFACTS.name());
        topology.addProcessor(FEATURIZE, () -> new FeaturizeProcessor(featurizer), SOURCE);
        topology.addSink(FEATURES_SINK, Topics.FEATURES.name(),
                Topics.FEATURES.keySerde().serializer(), Topics.FEATURES.valueSerde().serializer(), FEATURIZE);
        var deadLetters = Topics.deadLetters(Stage.FEATURIZE);
        topology.addSink(DEAD_LETTER_SINK, deadLetters.name(), deadLetters.keySerde().serializer(), deadLetters.valueSerde().serializer(), FEATURIZE);
        return topology;
    }
}
