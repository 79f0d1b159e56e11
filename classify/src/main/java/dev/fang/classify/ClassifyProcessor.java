package dev.fang.classify;

import dev.fang.platform.deadletter.DeadLetters;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.schema.Verdict;
import dev.fang.training.model.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * See {@link ClassifyTopology}. One instance per stream task, so its judge is used by one thread. The
 * reload punctuator runs on that thread between two records, so every record is judged whole by one model.
 */
final class ClassifyProcessor implements Processor<String, byte[], String, Object> {
    private final LiveModel liveModel;
    private final Duration reloadInterval;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ConsumerPolicy> consumers;
    private Judge judge;

    ClassifyProcessor(LiveModel liveModel, Duration reloadInterval) {
        this.liveModel = liveModel;
        this.reloadInterval = reloadInterval;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.consumers = context.getStateStore(ClassifyTopology.CONSUMERS_STORE);
        this.judge = new Judge(liveModel.current());
        if (!reloadInterval.isZero()) {
            context.schedule(reloadInterval, PunctuationType.WALL_CLOCK_TIME, now -> takeLatestModel());
        }
    }

    private void takeLatestModel() {
        liveModel.refresh();
        Model latest = liveModel.current();
        if (latest != judge.model()) {
            Judge next = new Judge(latest);
            judge.close();
            judge = next;
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        FeatureVector vector;
        try {
            vector = Topics.FEATURES.valueSerde().deserializer().deserialize(Topics.FEATURES.name(), record.value());
        } catch (SerializationException e) {
            deadLetter(record, "undecodable feature vector: " + e.getMessage(), e, null);
            return;
        }
        if (vector == null) {
            return;
        }
        String mismatch = judge.mismatch(vector);
        if (mismatch != null) {
            deadLetter(record, mismatch, null, vector.getFilename());
            return;
        }
        Verdict verdict;
        try {
            verdict = judge.judge(vector, currentConsumers());
        } catch (RuntimeException e) {
            deadLetter(record, "model " + judge.model().id() + " could not score " + vector.getFilename() + ": " + e.getMessage(), e, vector.getFilename());
            return;
        }
        context.forward(record.withKey(vector.getReleaseKey()).withValue(verdict), ClassifyTopology.VERDICTS_SINK);
    }

    /** Read for every record, so a consumer added or changed applies to the next one. */
    private List<ConsumerPolicy> currentConsumers() {
        List<ConsumerPolicy> policies = new ArrayList<>();
        try (KeyValueIterator<String, ConsumerPolicy> all = consumers.all()) {
            all.forEachRemaining(entry -> policies.add(entry.value));
        }
        return policies;
    }

    private void deadLetter(Record<String, byte[]> record, String reason, Throwable error, String subject) {
        context.forward(record.withValue((Object) DeadLetters.forRecord(Stage.CLASSIFY, context, record, reason, error, subject)),
                ClassifyTopology.DEAD_LETTER_SINK);
    }

    @Override
    public void close() {
        if (judge != null) {
            judge.close();
        }
    }
}
