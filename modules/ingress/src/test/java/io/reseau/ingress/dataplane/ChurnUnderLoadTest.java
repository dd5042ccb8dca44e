package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Endpoints come and go and Ingresses change while clients keep sending on keep-alive connections (a new one when
 * the proxy ends one after its {@code keep-alive-requests}): not one request may fail. Removed endpoints stay up
 * while they drain, as terminating pods do.
 */
class ChurnUnderLoadTest {

    @Test
    void noRequestFailsWhileEndpointsAndRoutesChange() throws Exception {
        List<HttpBackend> backends = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            backends.add(HttpBackend.start("b" + i));
        }
        try (DataPlane plane = new DataPlane(DataPlaneSettings.loopback(0, 0), request -> { });
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            plane.start();
            plane.apply(table(backends.subList(0, 2), 0));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Future<?>> load = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                load.add(clients.submit(() -> {
                    // A new connection when the proxy closes one after its last request (keep-alive-requests).
                    while (running.get()) {
                        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
                            boolean open = true;
                            while (open && running.get()) {
                                RawHttp.Response response = http.exchange(
                                        "GET /app/x HTTP/1.1\r\nHost: churn.com\r\n\r\n");
                                if (response.status() != 200) {
                                    failures.add(response.status() + " " + response.body());
                                }
                                answered.incrementAndGet();
                                open = !"close".equals(response.header("connection"));
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                            return null;
                        }
                    }
                    return null;
                }));
            }
            // 40 changes: the endpoint set rotates through overlapping windows of the four backends, and an
            // unrelated Ingress appears and disappears, so every swap changes the table.
            for (int change = 1; change <= 40; change++) {
                int first = change % 4;
                List<HttpBackend> window = List.of(backends.get(first), backends.get((first + 1) % 4));
                plane.apply(table(window, change));
                Thread.sleep(50);
            }
            running.set(false);
            for (Future<?> f : load) {
                f.get();
            }

            assertThat(failures).isEmpty();
            assertThat(answered.get()).isGreaterThan(100);
            assertThat(backends).allSatisfy(backend -> assertThat(backend.requests()).isPositive());
        } finally {
            backends.forEach(HttpBackend::close);
        }
    }

    private static io.reseau.ingress.model.RoutingTable table(List<HttpBackend> endpoints, int version) {
        Routes routes = new Routes().service("app", endpoints.toArray(HttpBackend[]::new))
                .ingress(ingress("default", "churn", "churn.com", path("Prefix", "/app", "app", 80)));
        if (version % 2 == 1) {
            routes.ingress(ingress("default", "other-" + version, "other.com", path("Prefix", "/", "app", 80)));
        }
        return routes.table();
    }
}
