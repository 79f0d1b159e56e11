package dev.fang.app;

import dev.fang.ingest.ReleasePublisher;
import dev.fang.platform.config.FangConfig;
import dev.fang.schema.Stage;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", description = {
        "Run the pipeline: every stage, plus the registry watcher (pypi.watch).",
        "Without --bootstrap-servers an embedded Kafka broker is started (port embedded.kafka.port).",
        "--demo replays a bundled feed of fixture packages through a throw-away broker and exits when it is processed."})
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--demo", description = "Replay the bundled demo feed, print what flows, and exit.")
    boolean demo;

    @Option(names = "--stages", split = ",", paramLabel = "STAGE", description = "Run only these stages (default: all), e.g. --stages ingest; one service per stage scales each on its own.")
    List<String> stageNames;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FangConfig config = options.load();
        PrintWriter out = spec.commandLine().getOut();
        if (demo) {
            return new DemoRun(config, out).call();
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // On SIGTERM the hook lets the loop end and waits while the stages close cleanly (commit, release tasks).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            awaitQuietly(closed);
        }, "fang-shutdown"));
        List<Stage> stages = stageNames == null ? Pipeline.stages() : Pipeline.parse(stageNames);
        try (KafkaSession kafka = KafkaSession.open(config, false);
             Pipeline pipeline = Pipeline.start(kafka.config(), stages);
             ReleasePublisher publisher = new ReleasePublisher(kafka.config().bootstrapServers())) {
            out.printf("fang: stages %s running on Kafka %s%s%n", stages.stream().map(Stage::id).toList(), kafka.config().bootstrapServers(),
                    kafka.isEmbedded() ? " (embedded; other fang commands reach it with --bootstrap-servers " + kafka.config().bootstrapServers() + ")" : "");
            out.flush();
            // The registry watcher belongs to ingest: a service running other stages only does not poll PyPI.
            IntSupplier watcher = stages.contains(Stage.INGEST) ? Watcher.forConfig(kafka.config(), publisher) : () -> 0;
            long pollMillis = kafka.config().pollInterval().toMillis();
            while (pipeline.allRunning() && !stop.await(0, TimeUnit.MILLISECONDS)) {
                try {
                    int published = watcher.getAsInt();
                    if (published > 0) {
                        log.info("watcher published {} release events", published);
                    }
                } catch (RuntimeException e) {
                    // A registry hiccup must not stop the pipeline; the cursor has not moved, the next poll retries.
                    log.warn("registry poll failed: {}", e.getMessage());
                }
                stop.await(pollMillis, TimeUnit.MILLISECONDS);
            }
            return pipeline.allRunning() || stop.getCount() == 0 ? 0 : 1;
        } finally {
            closed.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
