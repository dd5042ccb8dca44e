package io.reseau.informers.queue;

import io.reseau.informers.metrics.ControllerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Runs one whole-state sync (a ruleset, a route table) for node agents, in the manner of kube-proxy's
 * bounded-frequency runner: any number of {@link #request()}s coalesce into one sync; syncs start at most once
 * per {@code minInterval} and at least once per {@code maxInterval} (the periodic resync, which repairs
 * anything changed behind the agent's back); a failed sync is retried with backoff while the last good state
 * stays in place. Stuck when a sync has been wanted for longer than {@code stuckAfter} without one succeeding.
 */
public final class SyncTrigger implements LoopHealth, AutoCloseable {

    /** The sync itself; throwing means it did not apply. */
    @FunctionalInterface
    public interface Sync {
        void run() throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(SyncTrigger.class);

    private final String name;
    private final Sync sync;
    private final Duration minInterval;
    private final Duration maxInterval;
    private final Backoff retry;
    private final ControllerMetrics metrics;
    private final Duration stuckAfter;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean requested;
    private Instant wantedSince;
    private long lastStartNanos;
    private boolean ranOnce;
    private int failures;
    private long retryAtNanos;
    private long completed;
    private boolean closed;
    private Thread thread;

    public SyncTrigger(String name, Sync sync, Duration minInterval, Duration maxInterval, Backoff retry,
            ControllerMetrics metrics, Duration stuckAfter) {
        if (maxInterval.compareTo(minInterval) < 0) {
            throw new IllegalArgumentException("maxInterval " + maxInterval + " is below minInterval " + minInterval);
        }
        this.name = name;
        this.sync = sync;
        this.minInterval = minInterval;
        this.maxInterval = maxInterval;
        this.retry = retry;
        this.metrics = metrics;
        this.stuckAfter = stuckAfter;
    }

    public void start() {
        lock.lock();
        try {
            if (thread == null) {
                lastStartNanos = System.nanoTime();
                thread = Thread.ofPlatform().name("reseau-" + name + "-sync").daemon().start(this::loop);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Asks for a sync; returns at once. Many requests before the sync starts make one sync. */
    public void request() {
        lock.lock();
        try {
            if (!requested) {
                requested = true;
                if (wantedSince == null) {
                    wantedSince = Instant.now();
                }
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Syncs that have succeeded so far. */
    public long completedSyncs() {
        lock.lock();
        try {
            return completed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> stuck(Instant now) {
        lock.lock();
        try {
            if (wantedSince == null || Duration.between(wantedSince, now).compareTo(stuckAfter) <= 0) {
                return Optional.empty();
            }
            return Optional.of("no successful sync for " + Duration.between(wantedSince, now).toSeconds()
                    + "s since one was wanted (" + failures + " failures in a row)");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws InterruptedException {
        Thread running;
        lock.lock();
        try {
            closed = true;
            wake.signalAll();
            running = thread;
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.join(Duration.ofSeconds(30));
        }
    }

    private void loop() {
        while (awaitNextSync()) {
            long start = System.nanoTime();
            try {
                sync.run();
                succeeded(start);
            } catch (Exception | LinkageError failure) {
                failed(start, failure);
            }
        }
    }

    /** Waits until a sync is due; false once closed. */
    private boolean awaitNextSync() {
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                long due = nextDueNanos();
                if (now - due >= 0) {
                    requested = false;
                    if (wantedSince == null) {
                        wantedSince = Instant.now();
                    }
                    lastStartNanos = now;
                    ranOnce = true;
                    return true;
                }
                wake.awaitNanos(due - now);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private long nextDueNanos() {
        long periodic = lastStartNanos + maxInterval.toNanos();
        if (!requested) {
            return periodic;
        }
        long earliest = ranOnce ? lastStartNanos + minInterval.toNanos() : lastStartNanos;
        if (failures > 0 && retryAtNanos - earliest > 0) {
            earliest = retryAtNanos;
        }
        return periodic - earliest < 0 ? periodic : earliest;
    }

    private void succeeded(long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        metrics.recordSuccess(took);
        lock.lock();
        try {
            failures = 0;
            completed++;
            if (!requested) {
                wantedSince = null;
            }
        } finally {
            lock.unlock();
        }
        LOG.debugf("%s: sync took %d ms", name, took.toMillis());
    }

    private void failed(long startNanos, Throwable failure) {
        metrics.recordFailure(Duration.ofNanos(System.nanoTime() - startNanos));
        Duration delay;
        int inARow;
        lock.lock();
        try {
            inARow = ++failures;
            delay = retry.delay(inARow);
            retryAtNanos = System.nanoTime() + delay.toNanos();
            requested = true;
        } finally {
            lock.unlock();
        }
        LOG.warnf(failure, "%s: sync failed (%d in a row), keeping the last good state, retrying in %d ms",
                name, inARow, delay.toMillis());
    }
}
