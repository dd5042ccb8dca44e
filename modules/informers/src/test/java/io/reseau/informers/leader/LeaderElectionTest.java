package io.reseau.informers.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.testing.MockApiServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {

    private MockApiServer api;
    private KubernetesClient client;
    private final AtomicInteger leadersNow = new AtomicInteger();
    private final AtomicInteger mostLeadersAtOnce = new AtomicInteger();

    @BeforeEach
    void start() {
        api = MockApiServer.start();
        client = api.newClient();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void oneCandidateLeadsAndHandsOverCleanlyOnShutdown() {
        LeaderElection first = candidate("replica-a");
        LeaderElection second = candidate("replica-b");
        try {
            first.start();
            await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
            second.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> "replica-a".equals(second.leader()));
            assertThat(second.isLeader()).isFalse();

            first.close();

            assertThat(first.isLeader()).isFalse();
            Lease released = client.leases().inNamespace("reseau-system").withName("test-lock").get();
            assertThat(released.getSpec().getLeaseDurationSeconds())
                    .as("released on shutdown (fabric8 shortens the lease to 1 s), not left to run its 30 s")
                    .isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(second::isLeader);
            assertThat(client.leases().inNamespace("reseau-system").withName("test-lock").get()
                    .getSpec().getHolderIdentity()).isEqualTo("replica-b");
            assertThat(mostLeadersAtOnce.get()).as("leader work never ran twice at once").isEqualTo(1);
        } finally {
            first.close();
            second.close();
        }
    }

    private LeaderElection candidate(String identity) {
        LeaderElection.Settings settings = new LeaderElection.Settings("reseau-system", "test-lock", identity,
                Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMillis(200));
        return new LeaderElection(client, settings, new LeaderElection.Leadership() {
            @Override
            public void start() {
                mostLeadersAtOnce.accumulateAndGet(leadersNow.incrementAndGet(), Math::max);
            }

            @Override
            public void stop() {
                leadersNow.decrementAndGet();
            }
        });
    }
}
