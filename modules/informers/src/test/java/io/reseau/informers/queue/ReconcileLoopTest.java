package io.reseau.informers.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.metrics.ControllerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileLoopTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ReconcileLoop<String> loop;

    @AfterEach
    void stop() throws Exception {
        loop.close();
    }

    @Test
    void runsAtMostTheGivenNumberOfWorkersAndNeverOneKeyTwiceAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        Set<String> overlapping = ConcurrentHashMap.newKeySet();
        Set<String> done = ConcurrentHashMap.newKeySet();
        loop = loop(key -> {
            if (!inFlight.add(key)) {
                overlapping.add(key);
            }
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(20);
            running.decrementAndGet();
            inFlight.remove(key);
            done.add(key);
            return ReconcileResult.done();
        }, 3);
        loop.start();

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 20; i++) {
                loop.enqueue("key-" + i);
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 20 && running.get() == 0);
        assertThat(mostAtOnce.get()).isBetween(2, 3);
        assertThat(overlapping).isEmpty();
    }

    @Test
    void aFailingKeyIsRetriedWithBackoffWhileOthersProceed() {
        AtomicInteger attempts = new AtomicInteger();
        Set<String> done = ConcurrentHashMap.newKeySet();
        loop = loop(key -> {
            if (key.equals("flaky") && attempts.incrementAndGet() <= 3) {
                throw new IllegalStateException("not yet");
            }
            done.add(key);
            return ReconcileResult.done();
        }, 1);
        loop.start();

        loop.enqueue("flaky");
        loop.enqueue("steady");

        await().atMost(Duration.ofSeconds(10)).until(() -> done.contains("flaky"));
        assertThat(done).contains("steady");
        assertThat(attempts.get()).isEqualTo(4);
        assertThat(meters.get("reseau.reconcile").tag("controller", "test").tag("result", "error").timer().count())
                .isEqualTo(3);
        assertThat(meters.get("reseau.reconcile").tag("result", "success").timer().count()).isEqualTo(2);
    }

    @Test
    void aRequeueAsksForTheKeyAgainLater() {
        AtomicInteger visits = new AtomicInteger();
        loop = loop(key -> visits.incrementAndGet() < 3
                ? ReconcileResult.requeueAfter(Duration.ofMillis(50))
                : ReconcileResult.done(), 1);
        loop.start();

        loop.enqueue("renew-me");

        await().atMost(Duration.ofSeconds(5)).until(() -> visits.get() == 3);
    }

    @Test
    void aReconcileThatHangsMakesTheLoopStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        loop = loop(key -> {
            entered.countDown();
            release.await();
            return ReconcileResult.done();
        }, 1);
        loop.start();
        loop.enqueue("hangs");
        entered.await();

        assertThat(loop.stuck(Instant.now())).isEmpty();
        assertThat(loop.stuck(Instant.now().plusSeconds(60))).hasValueSatisfying(
                why -> assertThat(why).contains("reconcile of hangs has run for"));

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.stuck(Instant.now().plusSeconds(60)).isEmpty());
    }

    private ReconcileLoop<String> loop(Reconciler<String> reconciler, int workers) {
        return new ReconcileLoop<>("test", new WorkQueue<>(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100))),
                reconciler, workers, new ControllerMetrics(meters, "test"), Duration.ofSeconds(30));
    }
}
