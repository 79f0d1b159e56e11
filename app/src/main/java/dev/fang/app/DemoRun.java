package dev.fang.app;

import dev.fang.ingest.ReleasePublisher;
import dev.fang.ingest.replay.FeedReplayer;
import dev.fang.ingest.replay.ReplaySpeed;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.schema.DeadLetter;
import dev.fang.schema.FetchedArtifact;
import dev.fang.schema.Stage;
import dev.fang.schema.Topic;
import dev.fang.schema.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code fang run --demo}: a throw-away broker and data dir, the bundled demo feed replayed through every
 * stage, each output record printed as it arrives, and a one-line summary once everything is processed.
 */
final class DemoRun implements Callable<Integer> {
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private final FangConfig baseConfig;
    private final PrintWriter out;

    DemoRun(FangConfig baseConfig, PrintWriter out) {
        this.baseConfig = baseConfig;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("fang-demo-");
        try (DemoFeed demo = DemoFeed.create(work)) {
            FangConfig config = baseConfig
                    .with(Setting.DATA_DIR, work.toString())
                    .with(Setting.FETCH_ALLOWED_HOSTS, demo.host());
            try (KafkaSession kafka = KafkaSession.open(config, true);
                 Pipeline pipeline = Pipeline.start(kafka.config(), Pipeline.stages());
                 ReleasePublisher publisher = new ReleasePublisher(kafka.config().bootstrapServers());
                 TopicReader reader = new TopicReader(kafka.config().bootstrapServers(), outputs(), true)) {
                out.printf("fang demo: stages %s on embedded Kafka %s; replaying %s%n", Pipeline.stages().stream().map(Stage::id).toList(), kafka.config().bootstrapServers(), demo.feed().getFileName());
                out.flush();
                FeedReplayer.Summary replayed = new FeedReplayer(publisher, ReplaySpeed.FULL, "demo").replay(demo.feed());
                return follow(reader, replayed, demo.distinctFiles());
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private static List<Topic<String, ?>> outputs() {
        return List.of(Topics.ARTIFACTS, Topics.deadLetters(Stage.INGEST));
    }

    /** Prints records until every file has an artifact record and every failure its dead letter. */
    private int follow(TopicReader reader, FeedReplayer.Summary replayed, int expectedFiles) {
        Set<String> files = new HashSet<>();
        int fetched = 0;
        int refused = 0;
        int deadLetters = 0;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (files.size() < expectedFiles || deadLetters < replayed.rejected() + refused) {
            if (System.nanoTime() > deadline) {
                out.printf("fang demo: FAILED — after %d s only %d of %d files came out of ingest%n", DEADLINE.toSeconds(), files.size(), expectedFiles);
                return 1;
            }
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                if (record.topic().equals(Topics.ARTIFACTS.name())) {
                    FetchedArtifact artifact = (FetchedArtifact) TopicReader.decode(Topics.ARTIFACTS, record);
                    files.add(record.key() + "/" + artifact.getFilename());
                    if (artifact.getFailure() == null) {
                        fetched++;
                        out.printf("  artifact     %-24s %-40s %s, %d files, %d bytes unpacked%n", record.key(), artifact.getFilename(),
                                artifact.getFormat(), artifact.getFileCount(), artifact.getUnpackedSize());
                    } else {
                        refused++;
                        out.printf("  refused      %-24s %-40s%n", record.key(), artifact.getFilename());
                    }
                } else {
                    DeadLetter letter = (DeadLetter) TopicReader.decode(Topics.deadLetters(Stage.INGEST), record);
                    deadLetters++;
                    out.printf("  dead letter  %-24s %s%n", record.key() == null ? "-" : record.key(), letter.getReason());
                }
            }
            out.flush();
        }
        out.printf("fang demo: %d release events replayed, %d bad feed lines; ingest fetched %d artifacts, refused %d; %d dead letters in %s%n",
                replayed.published(), replayed.rejected(), fetched, refused, deadLetters, Topics.deadLetters(Stage.INGEST).name());
        out.flush();
        return 0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
