package dev.fang.app;

import dev.fang.alerting.AlertingTopology;
import dev.fang.classify.ClassifyTopology;
import dev.fang.featurize.FeaturizeTopology;
import dev.fang.ingest.IngestTopology;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.kafka.StageRunner;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.schema.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.Topology;

/** Every stage that exists so far, each a Kafka Streams application of its own. */
final class Pipeline implements AutoCloseable {
    private final List<StageRunner> runners;

    private Pipeline(List<StageRunner> runners) {
        this.runners = runners;
    }

    /** The stages built so far, in pipeline order. */
    static List<Stage> stages() {
        return List.of(Stage.INGEST, Stage.FEATURIZE, Stage.CLASSIFY, Stage.ALERTING);
    }

    /** Parses {@code --stages ingest,featurize}; every name must be a stage. */
    static List<Stage> parse(List<String> names) {
        return names.stream().map(name -> stages().stream().filter(stage -> stage.id().equals(name.strip())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown stage '" + name + "'; stages: "
                                + stages().stream().map(Stage::id).toList())))
                .toList();
    }

    static Topology topology(Stage stage, FangConfig config) {
        return switch (stage) {
            case INGEST -> IngestTopology.build(config);
            case FEATURIZE -> FeaturizeTopology.build(config);
            case CLASSIFY -> ClassifyTopology.build(config);
            case ALERTING -> AlertingTopology.build(config);
        };
    }

    static Pipeline start(FangConfig config, List<Stage> stages) throws InterruptedException {
        List<StageRunner> runners = new ArrayList<>();
        for (Stage stage : stages) {
            runners.add(StageRunner.start(stage.id(), topology(stage, config), StreamsSettings.forStage(stage, config)));
        }
        Pipeline pipeline = new Pipeline(runners);
        for (StageRunner runner : runners) {
            if (!runner.awaitRunning(Duration.ofSeconds(60))) {
                pipeline.close();
                throw new IllegalStateException("a stage did not start within 60 s; see the log above");
            }
        }
        return pipeline;
    }

    boolean allRunning() {
        return runners.stream().allMatch(StageRunner::isRunning);
    }

    @Override
    public void close() {
        runners.forEach(StageRunner::close);
    }
}
