package dev.fang.ingest;

import dev.fang.ingest.fetch.ArtifactFetcher;
import dev.fang.platform.config.FangConfig;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The ingest stage: release events in, one fetched-artifact record per distribution file out.
 * Failures become dead letters with the reason; a file already fetched is not fetched again.
 */
public final class IngestTopology {
    static final String SOURCE = "releases";
    static final String FETCH = "fetch-artifacts";
    static final String ARTIFACTS_SINK = "artifacts";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String FETCHED_FILES_STORE = "ingest-fetched-files";

    private IngestTopology() {
    }

    public static Topology build(FangConfig config) {
        ArtifactFetcher fetcher = ArtifactFetcher.from(config);
        Topology topology = new Topology();
        // Values arrive as raw bytes so an undecodable event becomes a dead letter instead of a crash.
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.RELEASES.name());
        topology.addProcessor(FETCH, () -> new FetchArtifactsProcessor(fetcher), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(FETCHED_FILES_STORE), Serdes.String(), Serdes.String()), FETCH);
        topology.addSink(ARTIFACTS_SINK, Topics.ARTIFACTS.name(),
                Topics.ARTIFACTS.keySerde().serializer(), Topics.ARTIFACTS.valueSerde().serializer(), FETCH);
        topology.addSink(DEAD_LETTER_SINK, Topics.deadLetters(Stage.INGEST).name(),
                Topics.deadLetters(Stage.INGEST).keySerde().serializer(), Topics.deadLetters(Stage.INGEST).valueSerde().serializer(), FETCH);
        return topology;
    }
}
