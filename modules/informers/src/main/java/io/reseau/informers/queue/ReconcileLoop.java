package io.reseau.informers.queue;

import io.reseau.informers.metrics.ControllerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A bounded number of workers draining a {@link WorkQueue} into a {@link Reconciler}: success forgets the key's
 * failures (and requeues it if asked), failure retries it with backoff. Stuck when one reconcile runs longer than
 * {@code stuckAfter}.
 */
public final class ReconcileLoop<K> implements LoopHealth, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String name;
    private final WorkQueue<K> queue;
    private final Reconciler<K> reconciler;
    private final int workers;
    private final ControllerMetrics metrics;
    private final Duration stuckAfter;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public ReconcileLoop(String name, WorkQueue<K> queue, Reconciler<K> reconciler, int workers,
            ControllerMetrics metrics, Duration stuckAfter) {
        if (workers < 1) {
            throw new IllegalArgumentException("a reconcile loop needs at least one worker, got " + workers);
        }
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
        this.workers = workers;
        this.metrics = metrics;
        this.stuckAfter = stuckAfter;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofPlatform().name("reseau-" + name + "-" + i).daemon().start(this::work));
        }
    }

    public void enqueue(K key) {
        queue.add(key);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> stuck(Instant now) {
        return queue.longestProcessing()
                .filter(entry -> Duration.between(entry.getValue(), now).compareTo(stuckAfter) > 0)
                .map(entry -> "reconcile of " + entry.getKey() + " has run for "
                        + Duration.between(entry.getValue(), now).toSeconds() + "s");
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        queue.shutDown();
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(10));
        }
    }

    private void work() {
        while (running) {
            Optional<K> next;
            try {
                next = queue.take(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            next.ifPresent(this::reconcileOnce);
        }
    }

    private void reconcileOnce(K key) {
        long start = System.nanoTime();
        try {
            ReconcileResult result = reconciler.reconcile(key);
            metrics.recordSuccess(Duration.ofNanos(System.nanoTime() - start));
            queue.forget(key);
            result.requeueAfter().ifPresent(delay -> queue.addAfter(key, delay));
        } catch (Exception | LinkageError failure) {
            metrics.recordFailure(Duration.ofNanos(System.nanoTime() - start));
            Duration delay = queue.retry(key);
            LOG.warnf(failure, "%s: reconcile of %s failed (attempt %d), retrying in %d ms",
                    name, key, queue.failures(key), delay.toMillis());
        } finally {
            queue.done(key);
        }
    }
}
