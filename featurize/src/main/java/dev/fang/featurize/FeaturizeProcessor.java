package dev.fang.featurize;

import dev.fang.platform.deadletter.DeadLetters;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.FetchedArtifact;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** See {@link FeaturizeTopology}. Artifacts ingest could not fetch were dead-lettered there and are skipped here. */
final class FeaturizeProcessor implements Processor<String, byte[], String, Object> {
    private static final Logger log = LoggerFactory.getLogger(FeaturizeProcessor.class);

    private final ArtifactFeaturizer featurizer;
    private ProcessorContext<String, Object> context;

    FeaturizeProcessor(ArtifactFeaturizer featurizer) {
        this.featurizer = featurizer;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        FetchedArtifact artifact;
        try {
            artifact = Topics.ARTIFACTS.valueSerde().deserializer().deserialize(Topics.ARTIFACTS.name(), record.value());
        } catch (SerializationException e) {
            deadLetter(record, "undecodable artifact record: " + e.getMessage(), e, null);
            return;
        }
        if (artifact == null || artifact.getFailure() != null) {
            return;
        }
        try {
            FeatureVector features = featurizer.featurize(artifact);
            log.info("featurized {}/{}", artifact.getReleaseKey(), artifact.getFilename());
            context.forward(record.withKey(artifact.getReleaseKey()).withValue(features), FeaturizeTopology.FEATURES_SINK);
        } catch (ArtifactFeaturizer.FeaturizeException e) {
            deadLetter(record, e.getMessage(), e, artifact.getFilename());
        } catch (RuntimeException e) {
            // The featurizer is built never to throw; if it does, this package is set aside and the stage goes on.
            deadLetter(record, "featurizer failed on " + artifact.getFilename() + ": " + e, e, artifact.getFilename());
        }
    }

    private void deadLetter(Record<String, byte[]> record, String reason, Throwable error, String subject) {
        log.warn("{} set aside: {}", record.key(), reason);
        context.forward(record.withValue((Object) DeadLetters.forRecord(Stage.FEATURIZE, context, record, reason, error, subject)), FeaturizeTopology.DEAD_LETTER_SINK);
    }
}
