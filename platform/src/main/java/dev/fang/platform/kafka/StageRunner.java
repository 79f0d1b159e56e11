package dev.fang.platform.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a stage's topology, waits until it runs, and closes it cleanly; what {@code main} needs and no more. */
public final class StageRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StageRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StageRunner(KafkaStreams streams) {
        this.streams = streams;
    }

    public static StageRunner start(String name, Topology topology, Properties props) {
        KafkaStreams streams = new KafkaStreams(topology, props);
        StageRunner runner = new StageRunner(streams);
        streams.setStateListener((next, previous) -> {
            log.debug("{}: {} -> {}", name, previous, next);
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                runner.stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(error -> {
            log.error("{} failed: {}", name, error.toString(), error);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return runner;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Blocks until the stage has stopped, for {@code main} of a long-running stage. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean isRunning() {
        return streams.state().isRunningOrRebalancing();
    }

    /** Waits until every stream thread has joined the group and got its tasks. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || stopped.await(50, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Leaves the group on the way out: the other instances of the stage take its partitions over at once instead of
     * after the session timeout, and {@code fang reset} can run as soon as the last instance has stopped.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        stopped.countDown();
    }
}
