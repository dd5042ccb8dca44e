package io.reseau.informers.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.metrics.ControllerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncTriggerTest {

    private final List<Long> starts = new CopyOnWriteArrayList<>();
    private SyncTrigger trigger;

    @AfterEach
    void stop() throws Exception {
        trigger.close();
    }

    @Test
    void aBurstOfRequestsCoalescesIntoOneMoreSync() throws Exception {
        trigger = trigger(this::recordStart, Duration.ofMillis(500), Duration.ofMinutes(5));
        trigger.start();

        trigger.request();
        await().until(() -> trigger.completedSyncs() == 1);
        for (int i = 0; i < 1000; i++) {
            trigger.request();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> trigger.completedSyncs() == 2);
        Thread.sleep(700);
        assertThat(trigger.completedSyncs()).as("a thousand requests made one sync").isEqualTo(2);
    }

    @Test
    void syncsStartNoCloserThanTheMinimumInterval() {
        Duration min = Duration.ofMillis(150);
        trigger = trigger(this::recordStart, min, Duration.ofMinutes(5));
        trigger.start();

        Thread requester = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                trigger.request();
                Thread.onSpinWait();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> starts.size() >= 5);
        requester.interrupt();

        // The trigger spaces its decisions to start by the minimum; the sync reads the clock a little after that
        // decision, later for one sync than for the next when a thread is descheduled: allow that much.
        long schedulingSlack = Duration.ofMillis(20).toNanos();
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).isGreaterThanOrEqualTo(min.toNanos() - schedulingSlack);
        }
    }

    @Test
    void syncsPeriodicallyWithoutAnyRequest() {
        trigger = trigger(this::recordStart, Duration.ofMillis(10), Duration.ofMillis(200));
        trigger.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> trigger.completedSyncs() >= 3);
    }

    @Test
    void aFailedSyncIsRetriedWithoutANewRequestAndCountsAsStuckUntilOneSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        trigger = new SyncTrigger("test", () -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new IllegalStateException("nft refused the ruleset");
            }
        }, Duration.ofMillis(10), Duration.ofMinutes(5), new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                new ControllerMetrics(new SimpleMeterRegistry(), "test"), Duration.ofSeconds(30));
        trigger.start();

        trigger.request();
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 1);
        assertThat(trigger.stuck(Instant.now().plusSeconds(60))).hasValueSatisfying(
                why -> assertThat(why).contains("no successful sync"));

        await().atMost(Duration.ofSeconds(10)).until(() -> trigger.completedSyncs() == 1);
        assertThat(attempts.get()).isEqualTo(4);
        assertThat(trigger.stuck(Instant.now().plusSeconds(60))).isEmpty();
    }

    private void recordStart() {
        starts.add(System.nanoTime());
    }

    private SyncTrigger trigger(SyncTrigger.Sync sync, Duration min, Duration max) {
        return new SyncTrigger("test", sync, min, max, new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1)),
                new ControllerMetrics(new SimpleMeterRegistry(), "test"), Duration.ofSeconds(30));
    }
}
