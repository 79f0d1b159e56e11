package dev.fang.app;

import dev.fang.schema.Topic;
import dev.fang.schema.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "tail", description = "Print a Fang topic as JSON lines.")
final class TailCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "TOPIC", description = "A Fang topic, e.g. fang.alerts.enterprise or fang.dlq.ingest.")
    String topicName;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Integer max;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Stop after this long without a record (default: follow forever).")
    Integer idleTimeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Topic<String, ?> topic = Topics.byName(topicName).orElse(null);
        if (topic == null) {
            spec.commandLine().getErr().println("unknown topic '" + topicName + "'; Fang's topics are "
                    + Topics.all().stream().map(Topic::name).toList());
            return 2;
        }
        var config = options.loadForRunningCluster();
        PrintWriter out = spec.commandLine().getOut();
        int printed = 0;
        long idleSince = System.currentTimeMillis();
        try (TopicReader reader = new TopicReader(config.bootstrapServers(), List.of(topic), fromBeginning)) {
            while (max == null || printed < max) {
                List<ConsumerRecord<String, byte[]>> records = reader.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (max != null && printed >= max) {
                        break;
                    }
                    out.println(TopicReader.toJsonLine(topic, record));
                    printed++;
                }
                out.flush();
                if (!records.isEmpty()) {
                    idleSince = System.currentTimeMillis();
                } else if (idleTimeout != null && System.currentTimeMillis() - idleSince > idleTimeout * 1000L) {
                    break;
                }
            }
        }
        return 0;
    }
}
