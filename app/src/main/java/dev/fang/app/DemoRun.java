package dev.fang.app;

import dev.fang.ingest.ReleasePublisher;
import dev.fang.ingest.replay.FeedReplayer;
import dev.fang.ingest.replay.ReplaySpeed;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.schema.Alert;
import dev.fang.schema.ConsumerDecision;
import dev.fang.schema.DeadLetter;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.FetchedArtifact;
import dev.fang.schema.Stage;
import dev.fang.schema.Topic;
import dev.fang.schema.Topics;
import dev.fang.schema.Verdict;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
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
            ScratchTree.deleteRecursively(work);
        }
    }

    private static List<Topic<String, ?>> outputs() {
        List<Topic<String, ?>> topics = new java.util.ArrayList<>(List.of(Topics.ARTIFACTS, Topics.FEATURES, Topics.VERDICTS,
                Topics.ALERTS_PYPI_MAINTAINERS, Topics.ALERTS_ENTERPRISE));
        Pipeline.stages().forEach(stage -> topics.add(Topics.deadLetters(stage)));
        return topics;
    }

    /** What has come out of the stages so far. */
    private static final class Tally {
        final Set<String> files = new HashSet<>();
        int fetched;
        int refused;
        int featurized;
        int verdicts;
        final Set<String> dueAlerts = new HashSet<>();
        final java.util.Map<String, Integer> alerts = new java.util.TreeMap<>();
        final java.util.Map<Stage, Integer> deadLetters = new java.util.EnumMap<>(Stage.class);

        int deadLetters(Stage stage) {
            return deadLetters.getOrDefault(stage, 0);
        }

        boolean complete(int expectedFiles, int badLines) {
            return files.size() >= expectedFiles
                    && deadLetters(Stage.INGEST) >= badLines + refused
                    && featurized + deadLetters(Stage.FEATURIZE) >= fetched
                    && verdicts + deadLetters(Stage.CLASSIFY) >= featurized
                    && alerts.values().stream().mapToInt(Integer::intValue).sum() >= dueAlerts.size();
        }
    }

    /** Prints records until every file went through every stage (or was set aside with a dead letter). */
    private int follow(TopicReader reader, FeedReplayer.Summary replayed, int expectedFiles) {
        Tally tally = new Tally();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!tally.complete(expectedFiles, replayed.rejected())) {
            if (System.nanoTime() > deadline) {
                out.printf("fang demo: FAILED — after %d s only %d of %d files came out of ingest and %d were featurized%n",
                        DEADLINE.toSeconds(), tally.files.size(), expectedFiles, tally.featurized);
                return 1;
            }
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                show(record, tally);
            }
            out.flush();
        }
        out.printf("fang demo: %d release events replayed, %d bad feed lines; ingest fetched %d artifacts, refused %d; "
                        + "featurize analysed %d; classify judged %d; alerts %s; dead letters %s%n",
                replayed.published(), replayed.rejected(), tally.fetched, tally.refused, tally.featurized, tally.verdicts,
                tally.alerts, tally.deadLetters);
        out.flush();
        return 0;
    }

    private void show(ConsumerRecord<String, byte[]> record, Tally tally) {
        String key = record.key() == null ? "-" : record.key();
        if (record.topic().equals(Topics.ARTIFACTS.name())) {
            FetchedArtifact artifact = (FetchedArtifact) TopicReader.decode(Topics.ARTIFACTS, record);
            tally.files.add(key + "/" + artifact.getFilename());
            if (artifact.getFailure() == null) {
                tally.fetched++;
                out.printf("  artifact     %-24s %-40s %s, %d files, %d bytes unpacked%n", key, artifact.getFilename(),
                        artifact.getFormat(), artifact.getFileCount(), artifact.getUnpackedSize());
            } else {
                tally.refused++;
                out.printf("  refused      %-24s %s%n", key, artifact.getFilename());
            }
        } else if (record.topic().equals(Topics.FEATURES.name())) {
            FeatureVector vector = (FeatureVector) TopicReader.decode(Topics.FEATURES, record);
            tally.featurized++;
            long nonZero = vector.getValues().stream().filter(value -> value != 0).count();
            String strongest = vector.getEvidence().isEmpty() ? "no evidence"
                    : vector.getEvidence().get(0).getFile() + ":" + vector.getEvidence().get(0).getLine() + " " + vector.getEvidence().get(0).getFeature();
            out.printf("  features     %-24s %-40s %d of %d non-zero; e.g. %s%n", key, vector.getFilename(), nonZero,
                    vector.getValues().size(), strongest);
        } else if (record.topic().equals(Topics.VERDICTS.name())) {
            Verdict verdict = (Verdict) TopicReader.decode(Topics.VERDICTS, record);
            tally.verdicts++;
            List<String> alerted = verdict.getDecisions().stream().filter(ConsumerDecision::getAlert).map(ConsumerDecision::getConsumerId).toList();
            alerted.forEach(consumer -> tally.dueAlerts.add(consumer + "|" + key + "|" + verdict.getFilename()));
            out.printf("  verdict      %-24s %-40s score %.3f, alert for %s%n", key, verdict.getFilename(), verdict.getScore(), alerted);
        } else if (record.topic().startsWith("fang.alerts.")) {
            Alert alert = (Alert) TopicReader.decode(Topics.ALERTS_ENTERPRISE, record);
            tally.alerts.merge(record.topic(), 1, Integer::sum);
            String reason = alert.getReasons().isEmpty() ? "" : alert.getReasons().get(0).getFeature();
            out.printf("  alert        %-24s -> %-30s score %.3f >= %.3f; top reason %s%n", key, record.topic(), alert.getScore(),
                    alert.getThreshold(), reason);
        } else {
            Stage stage = Pipeline.stages().stream().filter(s -> record.topic().equals(Topics.deadLetters(s).name())).findFirst().orElseThrow();
            DeadLetter letter = (DeadLetter) TopicReader.decode(Topics.deadLetters(stage), record);
            tally.deadLetters.merge(stage, 1, Integer::sum);
            out.printf("  dead letter  %-24s %s: %s%n", key, letter.getStage(), letter.getReason());
        }
    }
}
