package dev.fang.featurize.parser;

import java.util.concurrent.TimeUnit;

/**
 * Runs jobs on threads with a large stack, one worker per calling thread, reused from job to job (starting a
 * thread per file cost more than the work on a small file). A worker retires after {@link #IDLE_MILLIS}
 * without work, or after a job its caller stopped waiting for ({@link Job#abandon}); the caller's next job then
 * gets a fresh worker. Jobs handle their own exceptions; one that escapes ends the job, not the worker.
 *
 * <p>A job started on a worker that has at least the stack it asks for runs right there, on the same thread: it
 * is part of the job already running, whose caller bounds them both. Handing it to another thread would only
 * add two wake-ups (tens of microseconds each) per job.
 */
public final class BigStackWorkers {

    /** A submitted job. Only the thread that started it waits for it. */
    public interface Job {
        /** Waits up to {@code millis} for the job to end; whether it ended. */
        boolean await(long millis) throws InterruptedException;

        /** The caller stops waiting: the worker retires when the job ends. */
        void abandon();
    }

    static final long IDLE_MILLIS = 30_000;

    private final String name;
    private final long stackBytes;
    private final ThreadLocal<Worker> local = new ThreadLocal<>();

    public BigStackWorkers(String name, long stackBytes) {
        this.name = name;
        this.stackBytes = stackBytes;
    }

    /** Starts {@code job} on the calling thread's worker, or runs it now when the caller is a big enough worker. */
    public Job start(Runnable job) {
        if (Thread.currentThread() instanceof Worker current && current.stackBytes >= stackBytes) {
            runQuietly(job);
            return FINISHED;
        }
        Worker w = local.get();
        if (w != null) {
            synchronized (w) {
                if (!w.retired && !w.abandoned && w.done) {
                    w.work = job;
                    w.done = false;
                    w.notifyAll();
                    return w;
                }
            }
        }
        w = new Worker(name, stackBytes, job);
        local.set(w);
        w.start();
        return w;
    }

    /** A job that ran on its caller's thread: it has ended, and there is no worker to retire. */
    private static final Job FINISHED = new Job() {
        @Override
        public boolean await(long millis) {
            return true;
        }

        @Override
        public void abandon() {
        }
    };

    private static void runQuietly(Runnable job) {
        try {
            job.run();
        } catch (Throwable e) {
            // the job reports its own failures
        }
    }

    private static final class Worker extends Thread implements Job {
        private final long stackBytes;
        private Runnable work;
        private boolean done;
        private boolean abandoned;
        private boolean retired;

        Worker(String name, long stackBytes, Runnable first) {
            super(null, null, name, stackBytes);
            this.stackBytes = stackBytes;
            setDaemon(true);
            this.work = first;
        }

        @Override
        public synchronized boolean await(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + Math.max(0, millis) * 1_000_000L;
            while (!done) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        @Override
        public synchronized void abandon() {
            abandoned = true;
            notifyAll();
        }

        @Override
        public void run() {
            while (true) {
                Runnable r;
                synchronized (this) {
                    long idleUntil = System.nanoTime() + IDLE_MILLIS * 1_000_000L;
                    while (work == null && !abandoned) {
                        long left = idleUntil - System.nanoTime();
                        if (left <= 0) {
                            retired = true;
                            return;
                        }
                        try {
                            TimeUnit.NANOSECONDS.timedWait(this, left);
                        } catch (InterruptedException e) {
                            retired = true;
                            return;
                        }
                    }
                    if (work == null) {
                        retired = true;     // abandoned while idle
                        return;
                    }
                    r = work;
                    work = null;
                }
                runQuietly(r);
                synchronized (this) {
                    done = true;
                    notifyAll();
                    if (abandoned) {
                        retired = true;
                        return;
                    }
                }
            }
        }
    }
}
