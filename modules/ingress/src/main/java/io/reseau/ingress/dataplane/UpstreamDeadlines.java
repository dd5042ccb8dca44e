package io.reseau.ingress.dataplane;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The backend timeouts (proxy-send-timeout, proxy-read-timeout) of the exchanges of one event loop, checked by one
 * coarse tick instead of a timer each. An HTTP/2 stream lives for one exchange, so a timer of its own cost a task,
 * a schedule and a cancellation (two updates of the event loop's priority queue) per request. Here an exchange
 * joins and leaves a list linked through entries it owns, and the tick runs only while some exchange waits on a
 * backend. Timeouts are whole seconds, so being up to a tick late does not matter.
 */
final class UpstreamDeadlines {

    /** What is watched. */
    interface Watched {

        /**
         * Checks the deadline at {@code now} (acting on it if passed); answers whether to keep watching: false once
         * nothing waits on a backend any more.
         */
        boolean stillWaiting(long now);
    }

    /** An exchange's place in the list; one per exchange handler, reused across its exchanges. */
    static final class Entry {
        private final Watched watched;
        private Entry previous;
        private Entry next;
        private boolean linked;

        Entry(Watched watched) {
            this.watched = watched;
        }
    }

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final EventExecutor loop;
    private final Entry head = new Entry(null);
    private boolean ticking;

    UpstreamDeadlines(EventExecutor loop) {
        this.loop = loop;
        head.previous = head;
        head.next = head;
    }

    /** Watches the entry from now on (no-op if it is watched). On the event loop only. */
    void watch(Entry entry) {
        if (entry.linked) {
            return;
        }
        entry.linked = true;
        entry.previous = head.previous;
        entry.next = head;
        head.previous.next = entry;
        head.previous = entry;
        if (!ticking) {
            ticking = true;
            loop.schedule(this::tick, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops watching the entry (no-op if it is not). On the event loop only. */
    void unwatch(Entry entry) {
        if (!entry.linked) {
            return;
        }
        entry.linked = false;
        entry.previous.next = entry.next;
        entry.next.previous = entry.previous;
        // entry.next is kept: a tick standing on this entry carries on from there.
    }

    private void tick() {
        long now = System.nanoTime();
        // What a check does (answer, close) may unwatch entries, this one or others: an unlinked entry still
        // points forward, to an entry that was after it, so the walk ends at the head either way.
        for (Entry entry = head.next; entry != head; entry = entry.next) {
            if (entry.linked && !entry.watched.stillWaiting(now)) {
                unwatch(entry);
            }
        }
        if (head.next == head) {
            ticking = false;
        } else {
            loop.schedule(this::tick, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }
}
