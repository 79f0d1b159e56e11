package dev.fang.featurize.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One thread per file: nested jobs run on the worker already running, when its stack is big enough. */
class BigStackWorkersTest {

    private static final BigStackWorkers LARGE = new BigStackWorkers("test-large", 64L << 20);
    private static final BigStackWorkers SMALL = new BigStackWorkers("test-small", 8L << 20);

    @Test
    void shouldRunANestedJobOnTheWorkerAlreadyRunningWhenItsStackIsBigEnough() throws InterruptedException {
        AtomicReference<Thread> outer = new AtomicReference<>();
        AtomicReference<Thread> inner = new AtomicReference<>();
        BigStackWorkers.Job job = LARGE.start(() -> {
            outer.set(Thread.currentThread());
            try {
                assertThat(SMALL.start(() -> inner.set(Thread.currentThread())).await(0)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(job.await(10_000)).isTrue();
        assertThat(outer.get()).isNotSameAs(Thread.currentThread());
        assertThat(inner.get()).isSameAs(outer.get());
    }

    @Test
    void shouldHandANestedJobToABiggerWorkerWhenTheCurrentStackIsTooSmall() throws InterruptedException {
        AtomicReference<Thread> outer = new AtomicReference<>();
        AtomicReference<Thread> inner = new AtomicReference<>();
        BigStackWorkers.Job job = SMALL.start(() -> {
            outer.set(Thread.currentThread());
            try {
                assertThat(LARGE.start(() -> inner.set(Thread.currentThread())).await(10_000)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(job.await(10_000)).isTrue();
        assertThat(inner.get()).isNotNull().isNotSameAs(outer.get());
    }

    @Test
    void shouldKeepTheWorkerAfterANestedJobThrows() throws InterruptedException {
        AtomicReference<String> after = new AtomicReference<>();
        BigStackWorkers.Job job = LARGE.start(() -> {
            SMALL.start(() -> {
                throw new IllegalStateException("boom");
            });
            after.set("went on");
        });

        assertThat(job.await(10_000)).isTrue();
        assertThat(after.get()).isEqualTo("went on");
    }
}
