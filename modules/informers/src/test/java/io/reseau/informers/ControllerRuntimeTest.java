package io.reseau.informers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.queue.ReconcileLoop;
import io.reseau.informers.queue.ReconcileResult;
import io.reseau.informers.testing.MockApiServer;
import org.junit.jupiter.api.Test;

class ControllerRuntimeTest {

    @Test
    void aReconcileLoopReportsItsQueueDepthAndIsKnownToLiveness() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (MockApiServer api = MockApiServer.start(); KubernetesClient client = api.newClient();
                ControllerRuntime runtime = new ControllerRuntime(client, meters, ControllerRuntime.Settings.defaults())) {
            ReconcileLoop<String> loop = runtime.reconcileLoop("certificates", key -> ReconcileResult.done(), 2);

            loop.enqueue("default/a");
            loop.enqueue("default/b");
            loop.enqueue("default/a");

            assertThat(meters.get("reseau.workqueue.depth").tag("controller", "certificates").gauge().value())
                    .isEqualTo(2.0);
            assertThat(runtime.loopNames()).containsExactly("certificates");
        }
    }
}
