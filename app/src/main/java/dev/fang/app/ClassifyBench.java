package dev.fang.app;

import dev.fang.classify.Judge;
import dev.fang.ingest.ReleasePublisher;
import dev.fang.platform.config.FangConfig;
import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.platform.consumers.DefaultConsumers;
import dev.fang.platform.kafka.StreamsSettings;
import dev.fang.schema.Alert;
import dev.fang.schema.ConsumerKind;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.FeatureVector;
import dev.fang.schema.PackageRelease;
import dev.fang.schema.ReleaseFile;
import dev.fang.schema.ReleaseKeys;
import dev.fang.schema.Topics;
import dev.fang.schema.Verdict;
import dev.fang.testkit.archives.FixtureArchives;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.model.DefaultModel;
import dev.fang.training.model.Model;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "classify", description = {
        "Classify throughput on one core (verdicts/s from computed feature vectors: score, thresholds, SHAP reasons),",
        "and release-to-alert latency through every stage on an embedded broker at a fixed release rate."})
final class ClassifyBench implements Callable<Integer> {
    /** Alerts on every release, so every release's latency is measured; its alerts share the enterprise topic. */
    private static final ConsumerPolicy EVERY_RELEASE = ConsumerPolicy.newBuilder().setConsumerId("bench-every-release")
            .setKind(ConsumerKind.OTHER).setThreshold(0.0).setAlertTopic(Topics.ALERTS_ENTERPRISE.name()).build();
    /** Scores are probabilities, so this consumer never alerts: what scoring and thresholds cost without SHAP. */
    private static final ConsumerPolicy NEVER_ALERTS = ConsumerPolicy.newBuilder().setConsumerId("bench-never").setKind(ConsumerKind.OTHER)
            .setThreshold(2.0).setAlertTopic(Topics.ALERTS_ENTERPRISE.name()).build();
    private static final Duration DRAIN = Duration.ofSeconds(60);

    @Mixin
    ConfigOptions options;

    @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "data/work/dataset", description = "Feature vectors to judge (bin/fang dataset build); default: ${DEFAULT-VALUE}.")
    Path dataset;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "Least time judging each set of vectors; default: ${DEFAULT-VALUE}.")
    int judgeSeconds;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50", description = "Releases published per second; default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "60", description = "Seconds of measured publishing; default: ${DEFAULT-VALUE}.")
    int duration;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "10", description = "Seconds of publishing first, left out of the latencies; default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "docs/benchmarks.md", description = "Markdown report to (re)write the classify section of.")
    Path report;

    @Spec
    CommandSpec spec;

    record Throughput(String vectors, int distinct, long verdicts, long explained, double cpuSeconds, double wallSeconds) {
        double cpuMicrosPerVerdict() {
            return cpuSeconds * 1e6 / verdicts;
        }
    }

    /** The benign vectors, the malicious ones, and the benign ones again for a consumer that never alerts (no reasons). */
    record JudgeRuns(Throughput benign, Throughput malicious, Throughput benignWithoutReasons) {
        List<Throughput> all() {
            return List.of(benign, malicious, benignWithoutReasons);
        }

        /** What one verdict's reasons cost: the benign runs with and without them differ only in those. */
        double cpuMicrosPerReasons() {
            double share = (double) benign.explained() / benign.verdicts();
            return (benign.cpuMicrosPerVerdict() - benignWithoutReasons.cpuMicrosPerVerdict()) / share;
        }
    }

    /**
     * @param cpuSeconds CPU time of the whole process while releases flowed: every stage, the broker and this loop
     * @param cpuSecondsByThreads the part of it spent by each stage's threads (named after its application id), and the rest
     */
    record Latency(int published, int received, double[] sortedMillis, double wallSeconds, double cpuSeconds, Map<String, Double> cpuSecondsByThreads) {
        double percentile(double p) {
            return sortedMillis.length == 0 ? Double.NaN : sortedMillis[Math.max(0, (int) Math.ceil(p * sortedMillis.length) - 1)];
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FangConfig config = options.load();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        JudgeRuns throughput;
        String modelId;
        try (Model model = Model.load(DefaultModel.dir(config))) {
            modelId = model.id();
            throughput = throughput(model, Dataset.read(dataset), out);
        }
        Latency latency = latency(config, out);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        BenchCommand.writeSection(report, "classify", markdown(modelId, throughput, latency, loadBefore, loadAfter), out);
        return 0;
    }

    private JudgeRuns throughput(Model model, Dataset data, PrintWriter out) {
        if (!data.catalogueVersion().equals(model.catalogueVersion())) {
            throw new IllegalArgumentException("dataset " + dataset + " holds catalogue " + data.catalogueVersion() + ", model " + model.id()
                    + " scores " + model.catalogueVersion() + ": rebuild it with bin/fang dataset build");
        }
        try (Judge judge = new Judge(model)) {
            List<FeatureVector> benign = vectors(data, 0);
            return new JudgeRuns(judgeRepeatedly("benign (" + dataset + ")", benign, DefaultConsumers.all(), judge, out),
                    judgeRepeatedly("malicious (" + dataset + ")", vectors(data, 1), DefaultConsumers.all(), judge, out),
                    judgeRepeatedly("benign, no consumer alerting (no reasons)", benign, List.of(NEVER_ALERTS), judge, out));
        }
    }

    /** The packages as published: derived training rows (slices, obfuscated copies) are not what a stream judges. */
    private static List<FeatureVector> vectors(Dataset data, int label) {
        return IntStream.range(0, data.rows().size()).filter(row -> data.rows().get(row).label() == label && !data.rows().get(row).derived())
                .mapToObj(row -> FeatureVector.newBuilder().setReleaseKey(data.rows().get(row).id()).setName(data.rows().get(row).id())
                        .setVersion("").setFilename("").setFeatureSetVersion(data.catalogueVersion())
                        .setValues(Arrays.stream(data.row(row)).boxed().toList()).setComputedAt(Instant.EPOCH).build())
                .toList();
    }

    /** Passes over the vectors until {@code --seconds} have gone by, after one pass to warm the JIT up. */
    private Throughput judgeRepeatedly(String name, List<FeatureVector> vectors, List<ConsumerPolicy> consumers, Judge judge, PrintWriter out) {
        vectors.forEach(vector -> judge.judge(vector, consumers));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long verdicts = 0;
        long explained = 0;
        while (System.nanoTime() - wallStart < Duration.ofSeconds(judgeSeconds).toNanos()) {
            for (FeatureVector vector : vectors) {
                Verdict verdict = judge.judge(vector, consumers);
                verdicts++;
                explained += verdict.getTopContributions().isEmpty() ? 0 : 1;
            }
        }
        Throughput row = new Throughput(name, vectors.size(), verdicts, explained, (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9,
                (System.nanoTime() - wallStart) / 1e9);
        out.printf("%s: %d verdicts, %.1f µs CPU each, %.0f per CPU second%n", name, verdicts, row.cpuMicrosPerVerdict(), verdicts / row.cpuSeconds());
        out.flush();
        return row;
    }

    /**
     * Every stage on a throw-away embedded broker; releases of one local fixture archive (put in the blob store, as
     * {@code fang publish FILE} does, so no download is timed) published at {@code --rate}. Latency runs from handing
     * a release event to the producer until its alert is read, committed, from the alert topic.
     */
    private Latency latency(FangConfig base, PrintWriter out) throws Exception {
        Path work = Files.createTempDirectory("fang-bench-classify-");
        try {
            FangConfig config = base.with(Setting.BOOTSTRAP_SERVERS, "").with(Setting.DATA_DIR, work.toString());
            Path archive = work.resolve("bench-fixture-1.0.tar.gz");
            Files.write(archive, FixtureArchives.sdistTarGz(FixtureArchives.samplePackageFiles()));
            try (KafkaSession kafka = KafkaSession.open(config, true)) {
                ConsumerRegistry.write(kafka.config(), EVERY_RELEASE.getConsumerId(), EVERY_RELEASE);
                ReleaseFile file = PublishCommand.localFile(archive, kafka.config().blobStore());
                try (Pipeline pipeline = Pipeline.start(kafka.config(), Pipeline.stages());
                     ReleasePublisher publisher = new ReleasePublisher(kafka.config().bootstrapServers());
                     TopicReader alerts = new TopicReader(kafka.config().bootstrapServers(), List.of(Topics.ALERTS_ENTERPRISE), true)) {
                    out.printf("publishing %d releases/s for %d s (%d s of them warm-up)%n", rate, warmup + duration, warmup);
                    out.flush();
                    return publishPaced(publisher, alerts, file);
                }
            }
        } finally {
            ScratchTree.deleteRecursively(work);
        }
    }

    /** One thread sends on schedule and, between sends, reads alerts, so an arrival is stamped when it is polled. */
    private Latency publishPaced(ReleasePublisher publisher, TopicReader alerts, ReleaseFile file) {
        int total = rate * (warmup + duration);
        int warmupReleases = rate * warmup;
        long interval = Duration.ofSeconds(1).toNanos() / rate;
        record Sent(int index, long nanos) {
        }
        Map<String, Sent> sentAt = new HashMap<>();
        List<Double> millis = new ArrayList<>();
        int received = 0;
        int sent = 0;
        long cpuStart = processCpuNanos();
        Map<String, Long> threadCpuStart = cpuByThreadGroup();
        long start = System.nanoTime();
        long drainDeadline = Long.MAX_VALUE;
        while (received < total && System.nanoTime() < drainDeadline) {
            long now = System.nanoTime();
            long nextSend = start + sent * interval;
            if (sent < total && now >= nextSend) {
                PackageRelease release = PackageRelease.newBuilder().setName("bench-" + sent).setNormalizedName("bench-" + sent).setVersion("1.0")
                        .setFiles(List.of(file)).setUploadTime(Instant.now()).setSource("bench").build();
                sentAt.put(ReleaseKeys.of(release), new Sent(sent, now));
                publisher.publish(release);
                if (++sent == total) {
                    drainDeadline = System.nanoTime() + DRAIN.toNanos();
                }
                continue;
            }
            Duration wait = Duration.ofNanos(sent < total ? Math.max(nextSend - now, 1_000_000) : 200_000_000);
            for (ConsumerRecord<String, byte[]> record : alerts.poll(wait)) {
                Alert alert = (Alert) TopicReader.decode(Topics.ALERTS_ENTERPRISE, record);
                if (!alert.getConsumerId().equals(EVERY_RELEASE.getConsumerId())) {
                    continue;
                }
                Sent release = sentAt.remove(record.key());
                received++;
                if (release.index() >= warmupReleases) {
                    millis.add((System.nanoTime() - release.nanos()) / 1e6);
                }
            }
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Double> threadCpu = new TreeMap<>();
        cpuByThreadGroup().forEach((group, nanos) -> threadCpu.put(group, (nanos - threadCpuStart.getOrDefault(group, 0L)) / 1e9));
        return new Latency(sent, received, sorted, (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpuStart) / 1e9, threadCpu);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the live threads, summed per stage (threads named after its application id) and for the rest. */
    private static Map<String, Long> cpuByThreadGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new TreeMap<>();
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            long nanos = thread == null ? -1 : threads.getThreadCpuTime(thread.getThreadId());
            if (nanos >= 0) {
                String group = Pipeline.stages().stream().map(StreamsSettings::applicationId).filter(thread.getThreadName()::contains)
                        .findFirst().orElse("other threads");
                cpu.merge(group, nanos, Long::sum);
            }
        }
        return cpu;
    }

    private String markdown(String modelId, JudgeRuns runs, Latency latency, double loadBefore, double loadAfter) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Classify throughput and latency\n\n");
        md.append(BenchCommand.measuredOn(String.format(Locale.ROOT, "bin/fang bench classify --seconds %d --rate %d --duration %d --warmup %d",
                judgeSeconds, rate, duration, warmup)));
        md.append(String.format(Locale.ROOT, "Load average %.1f before and %.1f after the run%s.%n%n", loadBefore, loadAfter,
                loadBefore > Runtime.getRuntime().availableProcessors() / 2.0 ? " (a busy, shared machine: wall times are inflated, CPU times much less so)" : ""));
        md.append("### Verdicts per core\n\n");
        md.append("Feature vectors already computed (the training dataset), model `" + modelId + "`, the default consumers (`pypi-maintainers` "
                + "at 0.1% FPR, `enterprise` at 10%). One thread judges each vector: the score, each consumer's threshold read off the "
                + "model's calibration table, and the top SHAP reasons, which are computed only when some consumer alerts. "
                + "CPU time is the thread's own (ThreadMXBean). The last row judges the benign vectors for a consumer that "
                + "never alerts, so no reasons are computed: the cost of scoring and thresholds alone.\n\n");
        md.append("| vectors | distinct | verdicts | with reasons | CPU µs per verdict | verdicts/s per core (CPU) | verdicts/s (wall) |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Throughput row : runs.all()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f%% | %.1f | %.0f | %.0f |%n", row.vectors(), row.distinct(), row.verdicts(),
                    100.0 * row.explained() / row.verdicts(), row.cpuMicrosPerVerdict(), row.verdicts() / row.cpuSeconds(),
                    row.verdicts() / row.wallSeconds()));
        }
        md.append(String.format(Locale.ROOT, "%nThe reasons of one verdict (exact TreeSHAP in Java over every tree, top %d with evidence) cost "
                + "about %.0f µs of CPU, %.0f× a score; on the benign vectors they take %.0f%% of the time.%n", Judge.REASONS_PER_VERDICT,
                runs.cpuMicrosPerReasons(), runs.cpuMicrosPerReasons() / runs.benignWithoutReasons().cpuMicrosPerVerdict(),
                100 * (1 - runs.benignWithoutReasons().cpuMicrosPerVerdict() / runs.benign().cpuMicrosPerVerdict())));
        md.append("\n### Release to alert\n\n");
        md.append(String.format(Locale.ROOT, "Every stage (ingest, featurize, classify, alerting; `exactly_once_v2`) on an embedded broker in "
                + "the same JVM, %d releases/s of one local fixture sdist put in the blob store (no download), a consumer alerting on "
                + "every release. Latency: from handing the release event to the producer until its alert is read (committed) from "
                + "the alert topic. The first %d s are warm-up and left out.%n%n", rate, warmup));
        md.append("| releases published | alerts received | latencies after warm-up | p50 ms | p99 ms | max ms | process CPU ms per release | cores busy |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.0f | %.0f | %.1f | %.2f |%n", latency.published(), latency.received(),
                latency.sortedMillis().length, latency.percentile(0.50), latency.percentile(0.99), latency.percentile(1.0),
                latency.cpuSeconds() * 1e3 / latency.published(), latency.cpuSeconds() / latency.wallSeconds()));
        md.append("\nCPU ms per release by thread group (a stage's stream threads and its producers are named after its application id; "
                + "the rest is the broker, featurize's parser workers and this loop):\n\n");
        md.append("| " + String.join(" | ", latency.cpuSecondsByThreads().keySet()) + " |\n");
        md.append("|---".repeat(latency.cpuSecondsByThreads().size()) + "|\n");
        md.append(latency.cpuSecondsByThreads().values().stream().map(seconds -> String.format(Locale.ROOT, "%.1f", seconds * 1e3 / latency.published()))
                .collect(java.util.stream.Collectors.joining(" | ", "| ", " |\n")));
        md.append("\nGoals (issue 5): ≥ 20,000 verdicts/s per core; p99 < 1 s at 50 releases/s.\n");
        return md.toString();
    }
}
