package io.reseau.informers.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A reconcile work queue with client-go's semantics:
 * <ul>
 *   <li>a key added while it is already queued is queued once;</li>
 *   <li>a key is never handed to two workers at once: added while being processed, it is queued again when the
 *       worker calls {@link #done} (so the worker that follows sees the newest state);</li>
 *   <li>{@link #retry} re-adds a key after a per-key capped exponential backoff, {@link #forget} resets it;</li>
 *   <li>{@link #addAfter} schedules a key for later (a certificate renewal, a requeue).</li>
 * </ul>
 */
public final class WorkQueue<K> {

    private final Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<K> ready = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final PriorityQueue<Delayed<K>> waiting = new PriorityQueue<>();
    private final Map<K, Instant> processingSince = new HashMap<>();
    private boolean shutDown;

    public WorkQueue(Backoff backoff) {
        this.backoff = backoff;
    }

    public void add(K key) {
        lock.lock();
        try {
            if (shutDown || !dirty.add(key)) {
                return;
            }
            if (!processing.contains(key)) {
                ready.addLast(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds the key once {@code delay} has passed (at once if it is zero or negative). */
    public void addAfter(K key, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (!shutDown) {
                waiting.add(new Delayed<>(key, Instant.now().plus(delay)));
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Re-adds a key whose reconcile failed, after its backoff; returns that delay. */
    public Duration retry(K key) {
        Duration delay;
        lock.lock();
        try {
            delay = backoff.delay(failures.merge(key, 1, Integer::sum));
        } finally {
            lock.unlock();
        }
        addAfter(key, delay);
        return delay;
    }

    /** Clears the key's failure count after a successful reconcile. */
    public void forget(K key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    public int failures(K key) {
        lock.lock();
        try {
            return failures.getOrDefault(key, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} for a key and marks it as being processed; the caller must call {@link #done}.
     * Empty on timeout or once the queue is shut down.
     */
    public Optional<K> take(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (shutDown) {
                    return Optional.empty();
                }
                promoteDueKeys();
                K key = ready.pollFirst();
                if (key != null) {
                    dirty.remove(key);
                    processing.add(key);
                    processingSince.put(key, Instant.now());
                    return Optional.of(key);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return Optional.empty();
                }
                changed.awaitNanos(Math.min(remaining, nanosUntilNextDue()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Marks the key's processing finished; if it was added meanwhile it goes back in the queue. */
    public void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            processingSince.remove(key);
            if (dirty.contains(key)) {
                ready.addLast(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keys ready to be taken now (what the depth metric shows). */
    public int depth() {
        lock.lock();
        try {
            promoteDueKeys();
            return ready.size();
        } finally {
            lock.unlock();
        }
    }

    /** Keys scheduled for later by {@link #addAfter} or {@link #retry}. */
    public int scheduled() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** The key that has been processed longest right now, and since when, if any key is being processed. */
    public Optional<Map.Entry<K, Instant>> longestProcessing() {
        lock.lock();
        try {
            return processingSince.entrySet().stream().min(Map.Entry.comparingByValue()).map(e -> Map.entry(e.getKey(), e.getValue()));
        } finally {
            lock.unlock();
        }
    }

    public void shutDown() {
        lock.lock();
        try {
            shutDown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void promoteDueKeys() {
        Instant now = Instant.now();
        while (!waiting.isEmpty() && !waiting.peek().due().isAfter(now)) {
            K key = waiting.poll().key();
            if (dirty.add(key) && !processing.contains(key)) {
                ready.addLast(key);
            }
        }
    }

    private long nanosUntilNextDue() {
        if (waiting.isEmpty()) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        return Math.max(1, Duration.between(Instant.now(), waiting.peek().due()).toNanos());
    }

    private record Delayed<K>(K key, Instant due) implements Comparable<Delayed<K>> {
        @Override
        public int compareTo(Delayed<K> other) {
            return due.compareTo(other.due);
        }
    }
}
