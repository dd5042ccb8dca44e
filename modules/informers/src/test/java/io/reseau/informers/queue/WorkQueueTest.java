package io.reseau.informers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private static final Duration NOW = Duration.ofMillis(1);
    private final WorkQueue<String> queue = new WorkQueue<>(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));

    @Test
    void aKeyAddedManyTimesWhileQueuedIsHandedOutOnce() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        queue.add("a");

        assertThat(queue.depth()).isEqualTo(2);
        assertThat(queue.take(NOW)).contains("a");
        assertThat(queue.take(NOW)).contains("b");
        assertThat(queue.take(NOW)).isEmpty();
    }

    @Test
    void aKeyAddedWhileBeingProcessedWaitsForDoneThenComesBack() throws Exception {
        queue.add("a");
        assertThat(queue.take(NOW)).contains("a");

        queue.add("a");
        assertThat(queue.take(NOW)).as("never handed to a second worker while the first holds it").isEmpty();

        queue.done("a");
        assertThat(queue.take(NOW)).contains("a");
        queue.done("a");
        assertThat(queue.take(NOW)).isEmpty();
    }

    @Test
    void retriesBackOffPerKeyAndForgetResets() throws Exception {
        assertThat(queue.retry("a")).isEqualTo(Duration.ofMillis(100));
        assertThat(queue.retry("a")).isEqualTo(Duration.ofMillis(200));
        assertThat(queue.retry("a")).isEqualTo(Duration.ofMillis(400));
        assertThat(queue.retry("b")).as("backoff is per key").isEqualTo(Duration.ofMillis(100));
        assertThat(queue.failures("a")).isEqualTo(3);

        queue.forget("a");
        assertThat(queue.failures("a")).isZero();
        assertThat(queue.retry("a")).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aDelayedKeyIsNotReadyBeforeItsTime() throws Exception {
        queue.addAfter("later", Duration.ofMillis(300));

        assertThat(queue.take(NOW)).isEmpty();
        assertThat(queue.scheduled()).isEqualTo(1);
        assertThat(queue.take(Duration.ofSeconds(5))).contains("later");
    }

    @Test
    void aDelayedKeyAlreadyQueuedIsNotDuplicated() throws Exception {
        queue.add("a");
        queue.addAfter("a", Duration.ofMillis(50));
        Thread.sleep(100);

        assertThat(queue.depth()).isEqualTo(1);
    }

    @Test
    void shutDownReleasesWaitingWorkers() throws Exception {
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                assertThat(queue.take(Duration.ofMinutes(1))).isEmpty();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Thread.sleep(50);
        queue.shutDown();
        waiter.join(Duration.ofSeconds(5));
        assertThat(waiter.isAlive()).isFalse();
    }
}
