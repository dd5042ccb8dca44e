package io.reseau.informers.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.testing.MockApiServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

    @Test
    void aWarningBecomesAnEventOnTheObjectOncePerQuietPeriod() {
        try (MockApiServer api = MockApiServer.start(); KubernetesClient client = api.newClient()) {
            Service service = client.services().inNamespace("shop").resource(new ServiceBuilder()
                    .withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                    .withNewSpec().withExternalIPs("not-an-ip").endSpec().build()).create();
            MovableClock clock = new MovableClock();
            try (EventRecorder events = new EventRecorder(client, "reseau-proxy", "node-1", Duration.ofMinutes(10), clock)) {
                events.warning(service, "InvalidExternalIP", "externalIPs[0] 'not-an-ip' is not an IP address");
                events.warning(service, "InvalidExternalIP", "externalIPs[0] 'not-an-ip' is not an IP address");
                await().until(() -> events(client).size() == 1);

                Event event = events(client).getFirst();
                assertThat(event.getType()).isEqualTo("Warning");
                assertThat(event.getReason()).isEqualTo("InvalidExternalIP");
                assertThat(event.getMessage()).contains("not-an-ip");
                assertThat(event.getInvolvedObject().getKind()).isEqualTo("Service");
                assertThat(event.getInvolvedObject().getName()).isEqualTo("web");
                assertThat(event.getInvolvedObject().getUid()).isEqualTo(service.getMetadata().getUid());
                assertThat(event.getSource().getComponent()).isEqualTo("reseau-proxy");
                assertThat(event.getSource().getHost()).isEqualTo("node-1");

                clock.now = clock.now.plus(Duration.ofMinutes(11));
                events.warning(service, "InvalidExternalIP", "externalIPs[0] 'not-an-ip' is not an IP address");
                await().until(() -> events(client).size() == 2);
            }
        }
    }

    private static List<Event> events(KubernetesClient client) {
        return client.v1().events().inNamespace("shop").list().getItems();
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
