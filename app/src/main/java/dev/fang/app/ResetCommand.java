package dev.fang.app;

import dev.fang.platform.config.FangConfig;
import dev.fang.platform.kafka.StreamsReset;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.schema.Stage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "reset", description = {
        "Make a stopped stage process its input again, e.g. to re-score with a new model: the Kafka Streams reset of its application id (fang-<stage>).",
        "Refuses while an instance of the stage runs. Moves the stage's offsets on its input topic to the earliest record (or --to-datetime, "
                + "--by-duration), deletes its internal changelog and repartition topics, and removes its local state under data.dir."})
final class ResetCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "STAGE", description = "ingest, featurize, classify, alerting, or all.")
    String stageName;

    @Option(names = "--to-datetime", paramLabel = "INSTANT", description = "Start again at the first record from this time on, e.g. 2026-10-26T00:00:00Z.")
    Instant toDatetime;

    @Option(names = "--by-duration", paramLabel = "DURATION", description = "Start again this long before now, e.g. P30D for the last 30 days.")
    Duration byDuration;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (toDatetime != null && byDuration != null) {
            throw new IllegalArgumentException("give --to-datetime or --by-duration, not both");
        }
        List<Stage> stages = stageName.equals("all") ? Pipeline.stages() : Pipeline.parse(List.of(stageName));
        Optional<Instant> since = Optional.ofNullable(toDatetime).or(() -> Optional.ofNullable(byDuration).map(Instant.now()::minus));
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaSession kafka = KafkaSession.open(options.load(), false);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.config().bootstrapServers()))) {
            // Every stage must be stopped before any is touched, so "all" never leaves half a pipeline reset.
            stages.forEach(stage -> StreamsReset.requireStopped(admin, applicationId(stage, kafka.config())));
            for (Stage stage : stages) {
                Properties streams = StreamsSettings.forStage(stage, kafka.config());
                StreamsReset.Outcome outcome = StreamsReset.reset(admin, applicationId(stage, kafka.config()), inputTopics(stage, kafka.config()),
                        Path.of(streams.getProperty(StreamsConfig.STATE_DIR_CONFIG)), since);
                print(out, outcome, since);
            }
        }
        out.flush();
        return 0;
    }

    private static String applicationId(Stage stage, FangConfig config) {
        return StreamsSettings.forStage(stage, config).getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    /** The topics the stage's topology reads with its group; the consumers' global store has no group offsets to reset. */
    private static Set<String> inputTopics(Stage stage, FangConfig config) {
        return Pipeline.topology(stage, config).describe().subtopologies().stream()
                .flatMap(subtopology -> subtopology.nodes().stream())
                .filter(TopologyDescription.Source.class::isInstance)
                .flatMap(source -> ((TopologyDescription.Source) source).topicSet().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void print(PrintWriter out, StreamsReset.Outcome outcome, Optional<Instant> since) {
        String id = outcome.applicationId();
        Map<String, List<TopicPartition>> byTopic = outcome.inputOffsets().keySet().stream()
                .collect(Collectors.groupingBy(TopicPartition::topic, TreeMap::new, Collectors.toList()));
        byTopic.forEach((topic, partitions) -> out.printf("%s: %s restarts %s at offsets %s%n", id, topic,
                since.map(instant -> "from " + instant).orElse("from the earliest record"),
                partitions.stream().map(partition -> partition.partition() + "=" + outcome.inputOffsets().get(partition)).toList()));
        out.printf("%s: deleted internal topics %s%n", id, outcome.deletedTopics());
        out.printf("%s: %s%n", id, outcome.wipedStateDir().map(dir -> "removed local state " + dir).orElse("no local state to remove"));
    }
}
