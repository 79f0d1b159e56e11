package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.alerting.AlertingTopology;
import dev.fang.classify.ClassifyTopology;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.consumers.DefaultConsumers;
import dev.fang.platform.kafka.EmbeddedKafka;
import dev.fang.platform.kafka.StageRunner;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.platform.kafka.TopicAdmin;
import dev.fang.schema.Alert;
import dev.fang.schema.ConsumerDecision;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.Stage;
import dev.fang.schema.Topics;
import dev.fang.schema.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scaling classify out, and losing an instance: two classify instances of one application id share
 * {@code fang.features} at 6 partitions, one of them a separate {@code fang run --stages classify} process that is
 * killed with SIGKILL while it has a transaction open. Downstream, read_committed, every release still has exactly
 * one verdict and every consumer exactly one alert per release its decision flags.
 */
class ScaleOutExactlyOnceIT {
    private static final Logger log = LoggerFactory.getLogger(ScaleOutExactlyOnceIT.class);
    private static final int PARTITIONS = 6;
    private static final int BEFORE_SECOND_INSTANCE = 300;
    private static final int RELEASES = 1_200;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String CLASSIFY_TRANSACTIONS = StreamsSettings.applicationId(Stage.CLASSIFY) + "-";
    /** A consumer of our own whose threshold falls between the demo packages' scores. */
    private static final String MIDDLE_CONSUMER = "acme";

    // Both instances run as configured for production (exactly_once_v2 from StreamsSettings), with two changes
    // that only make the test faster and sharper: a killed member leaves the group after 10 s instead of 45 s,
    // and each transaction stays open for a second, so the kill lands inside one that has verdicts in it.
    private static final Map<String, String> TEST_SETTINGS = Map.of(
            Setting.STREAMS_COMMIT_INTERVAL_MS.key(), "1000",
            FangConfig.STREAMS_OVERRIDE_PREFIX + "consumer.session.timeout.ms", "10000");

    @TempDir
    Path dir;

    private EmbeddedKafka kafka;
    private Process secondInstance;

    @BeforeEach
    void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterEach
    void stop() {
        if (secondInstance != null) {
            secondInstance.destroyForcibly();
        }
        kafka.close();
    }

    @Test
    void shouldGiveEveryReleaseOneVerdictAndEveryDueAlertOnceWhenAClassifyInstanceIsKilledMidStream() throws Exception {
        // Given a cluster with the default consumers and one more, and 1,200 releases made from the demo packages
        FangConfig config = FangConfig.defaults().with(Setting.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(Setting.DATA_DIR, dir.resolve("first").toString()).with(Setting.TOPIC_PARTITIONS, String.valueOf(PARTITIONS))
                .withAll(TEST_SETTINGS);
        assertThat(StreamsSettings.forStage(Stage.CLASSIFY, config).get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.all(), PARTITIONS, (short) 1);
        ConsumerRegistry.seedDefaults(config);
        FangCliIT.Run added = FangCliIT.fang("consumers", "add", MIDDLE_CONSUMER, "--threshold", "0.6", "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(added.exitCode()).as(added.err()).isZero();
        Map<String, String> alertTopics = ConsumerRegistry.current(config).values().stream()
                .collect(Collectors.toMap(ConsumerPolicy::getConsumerId, ConsumerPolicy::getAlertTopic));
        List<FeatureVector> releases = DemoReleases.releases(DemoReleases.featurizeDemoPackages(), "scale", RELEASES);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             StageRunner alerting = start(Stage.ALERTING, AlertingTopology.build(config), config);
             StageRunner firstClassify = start(Stage.CLASSIFY, ClassifyTopology.build(config), config);
             KafkaProducer<String, FeatureVector> producer = DemoReleases.producer(kafka.bootstrapServers())) {
            // When the first instance works alone for a while,
            DemoReleases.send(producer, releases.subList(0, BEFORE_SECOND_INSTANCE), Instant.now());
            awaitVerdicts(records -> records.size() >= BEFORE_SECOND_INSTANCE);
            Set<String> firstInstanceTransactions = classifyTransactions(admin).keySet();
            // a second instance joins in a process of its own while releases keep coming,
            secondInstance = startSecondInstance(kafka.bootstrapServers());
            AtomicInteger published = new AtomicInteger(BEFORE_SECOND_INSTANCE);
            Thread feed = new Thread(() -> publishPaced(producer, releases.subList(BEFORE_SECOND_INSTANCE, RELEASES), published), "paced-feed");
            feed.start();
            // and is killed while a transaction of its own, with verdicts in it, is still open
            String openTransaction = awaitOpenVerdictTransaction(admin, firstInstanceTransactions);
            secondInstance.destroyForcibly().waitFor();
            int publishedAtKill = published.get();
            feed.join();

            // Then every release has one committed verdict,
            List<ConsumerRecord<String, Verdict>> verdicts = awaitVerdicts(records -> records.stream().map(ConsumerRecord::key).distinct().count() >= RELEASES);
            Map<String, Set<String>> dueAlerts = dueAlertsByTopic(verdicts, alertTopics);
            for (Map.Entry<String, Set<String>> topic : dueAlerts.entrySet()) {
                awaitCommitted(topic.getKey(), records -> records.size() >= topic.getValue().size());
            }
            firstClassify.close();
            alerting.close();

            assertThat(publishedAtKill).as("releases published when the second instance was killed (transaction %s)", openTransaction)
                    .isLessThan(RELEASES);
            List<ConsumerRecord<String, byte[]>> everyVerdictWritten = readAll(Topics.VERDICTS.name(), IsolationLevel.READ_UNCOMMITTED);
            log.info("killed the second instance in transaction {} after {} of {} releases were published; {} verdict records written, "
                    + "aborted ones included; alerts due by topic: {}", openTransaction, publishedAtKill, RELEASES, everyVerdictWritten.size(),
                    dueAlerts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().size())));
            Map<String, Long> verdictsPerRelease = CommittedRecords.countByKey(readAll(Topics.VERDICTS.name(), IsolationLevel.READ_COMMITTED));
            assertThat(verdictsPerRelease.keySet()).containsExactlyInAnyOrderElementsOf(releases.stream().map(FeatureVector::getReleaseKey).toList());
            assertThat(verdictsPerRelease).allSatisfy((release, count) -> assertThat(count).as("verdicts for %s", release).isEqualTo(1));
            // though the killed instance had written verdicts that were never committed,
            assertThat(everyVerdictWritten).as("verdicts including aborted transactions")
                    .hasSizeGreaterThan(RELEASES);
            // and each consumer got each alert due to it once: some releases are over its threshold, some under.
            for (Map.Entry<String, Set<String>> topic : dueAlerts.entrySet()) {
                Map<String, Long> alertsPerRelease = CommittedRecords.countByKey(readAll(topic.getKey(), IsolationLevel.READ_COMMITTED));
                assertThat(alertsPerRelease.keySet()).as(topic.getKey()).containsExactlyInAnyOrderElementsOf(topic.getValue());
                assertThat(alertsPerRelease).as(topic.getKey()).allSatisfy((release, count) -> assertThat(count).as("alerts for %s", release).isEqualTo(1));
            }
            assertThat(dueAlerts.get(alertTopics.get(DefaultConsumers.PYPI_MAINTAINERS.getConsumerId()))).hasSizeBetween(1, RELEASES - 1);
            assertThat(dueAlerts.get(alertTopics.get(MIDDLE_CONSUMER))).hasSizeBetween(1, RELEASES - 1);
        }
    }

    private StageRunner start(Stage stage, Topology topology, FangConfig config) throws InterruptedException {
        StageRunner runner = StageRunner.start(stage.id(), topology, StreamsSettings.forStage(stage, config));
        assertThat(runner.awaitRunning(WAIT)).as(stage + " running").isTrue();
        return runner;
    }

    /** {@code fang run --stages classify} in a JVM of its own, as an operator scales out; returns once it runs. */
    private Process startSecondInstance(String bootstrapServers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), FangCli.class.getName(),
                "run", "--stages", "classify", "--bootstrap-servers", bootstrapServers, "--data-dir", dir.resolve("second").toString()));
        TEST_SETTINGS.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        Path log = dir.resolve("second-instance.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.readString(log).contains("fang: stages [classify] running")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the second classify instance did not start:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return process;
    }

    /** About 100 releases a second, so the stream is still flowing when the second instance dies. */
    private static void publishPaced(KafkaProducer<String, FeatureVector> producer, List<FeatureVector> releases, AtomicInteger published) {
        try {
            for (int from = 0; from < releases.size(); from += 10) {
                List<FeatureVector> batch = releases.subList(from, Math.min(from + 10, releases.size()));
                DemoReleases.send(producer, batch, Instant.now());
                published.addAndGet(batch.size());
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Classify's transactions (one per stream thread of each instance) by transactional id. */
    private static Map<String, TransactionListing> classifyTransactions(Admin admin) throws Exception {
        return admin.listTransactions().all().get().stream().filter(listing -> listing.transactionalId().startsWith(CLASSIFY_TRANSACTIONS))
                .collect(Collectors.toMap(TransactionListing::transactionalId, listing -> listing));
    }

    /** The transactional id of a transaction of the second instance that has been writing verdicts for a while. */
    private static String awaitOpenVerdictTransaction(Admin admin, Set<String> firstInstanceTransactions) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> open = classifyTransactions(admin).values().stream()
                    .filter(listing -> !firstInstanceTransactions.contains(listing.transactionalId()) && listing.state() == TransactionState.ONGOING)
                    .map(TransactionListing::transactionalId).toList();
            if (!open.isEmpty()) {
                long now = System.currentTimeMillis();
                Optional<String> writingVerdicts = admin.describeTransactions(open).all().get().entrySet().stream()
                        .filter(entry -> isWritingVerdictsSince(entry.getValue(), now - 300))
                        .map(Map.Entry::getKey).findFirst();
                if (writingVerdicts.isPresent()) {
                    return writingVerdicts.get();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the second classify instance never had a transaction open with verdicts in it");
    }

    private static boolean isWritingVerdictsSince(TransactionDescription transaction, long since) {
        return transaction.state() == TransactionState.ONGOING
                && transaction.topicPartitions().stream().anyMatch(partition -> partition.topic().equals(Topics.VERDICTS.name()))
                && transaction.transactionStartTimeMs().orElse(Long.MAX_VALUE) <= since;
    }

    /** What alerting owes each consumer: the releases whose verdict says so, by alert topic. */
    private static Map<String, Set<String>> dueAlertsByTopic(List<ConsumerRecord<String, Verdict>> verdicts, Map<String, String> alertTopics) {
        Map<String, Set<String>> due = new TreeMap<>();
        alertTopics.values().forEach(topic -> due.put(topic, new TreeSet<>()));
        for (ConsumerRecord<String, Verdict> verdict : verdicts) {
            for (ConsumerDecision decision : verdict.value().getDecisions()) {
                if (decision.getAlert()) {
                    due.get(alertTopics.get(decision.getConsumerId())).add(verdict.key());
                }
            }
        }
        return due;
    }

    private List<ConsumerRecord<String, Verdict>> awaitVerdicts(Predicate<List<ConsumerRecord<String, Verdict>>> done) throws InterruptedException {
        return CommittedRecords.await(kafka.bootstrapServers(), Topics.VERDICTS.name(), Topics.VERDICTS.valueSerde().deserializer(), done, WAIT);
    }

    private void awaitCommitted(String alertTopic, Predicate<List<ConsumerRecord<String, Alert>>> done) throws InterruptedException {
        CommittedRecords.await(kafka.bootstrapServers(), alertTopic, Topics.ALERTS_ENTERPRISE.valueSerde().deserializer(), done, WAIT);
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic, IsolationLevel isolation) {
        return CommittedRecords.readAll(kafka.bootstrapServers(), topic, new ByteArrayDeserializer(), isolation);
    }
}
