package io.reseau.informers.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.queue.Backoff;
import io.reseau.informers.testing.MockApiServer;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.Watch;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import io.reseau.informers.queue.SyncTrigger;
import static org.awaitility.Awaitility.await;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

    private MockApiServer api;
    private KubernetesClient client;
    private ControllerRuntime runtime;

    @BeforeEach
    void start() {
        api = MockApiServer.start();
        client = api.newClient();
        Duration quicklyStuck = Duration.ofMillis(100);
        runtime = new ControllerRuntime(client, new SimpleMeterRegistry(), new ControllerRuntime.Settings(
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)), quicklyStuck, quicklyStuck));
    }

    @AfterEach
    void stop() {
        runtime.close();
        client.close();
        api.close();
    }

    @Test
    void readinessIsDownUntilEveryInformerHasSynced() {
        runtime.informers().watch(Watch.of(Node.class), ChangeHandler.of(() -> {
        }));
        InformersReadiness readiness = new InformersReadiness(runtime);

        assertThat(readiness.call().getStatus()).isEqualTo(Status.DOWN);
        assertThat(readiness.call().getData().orElseThrow()).containsEntry("Node", "syncing");

        runtime.informers().start().join();

        assertThat(readiness.call().getStatus()).isEqualTo(Status.UP);
        assertThat(readiness.call().getData().orElseThrow()).containsEntry("Node", "synced");
    }

    @Test
    void livenessGoesDownWhileASyncHangsAndRecoversWhenItCompletes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SyncTrigger rules = runtime.syncTrigger("rules", release::await, Duration.ZERO, Duration.ofMinutes(1));
        rules.start();
        LoopsLiveness liveness = new LoopsLiveness(runtime);
        assertThat(liveness.call().getStatus()).isEqualTo(Status.UP);

        rules.request();
        await().atMost(Duration.ofSeconds(5)).until(() -> liveness.call().getStatus() == Status.DOWN);
        assertThat(liveness.call().getData().orElseThrow().get("rules").toString()).contains("no successful sync");

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> liveness.call().getStatus() == Status.UP);
        assertThat(liveness.call().getData().orElseThrow()).containsEntry("rules", "progressing");
    }
}
