package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reseau.ingress.testing.H2Client;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code keep-alive-requests}: after so many requests a client connection ends, every request on it answered —
 * HTTP/1.1 with {@code Connection: close} on the last response, HTTP/2 with a GOAWAY naming the last stream.
 */
class KeepAliveRequestsTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .keepAliveRequests(3).build());

    @BeforeEach
    void start() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80))).table());
    }

    @Test
    void anHttp11ConnectionClosesAfterItsLastRequest() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            List<RawHttp.Response> responses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                responses.add(http.exchange("GET /" + i + " HTTP/1.1\r\nHost: foo.com\r\n\r\n"));
            }

            assertThat(responses).extracting(RawHttp.Response::status).containsExactly(200, 200, 200);
            assertThat(responses).extracting(response -> response.header("connection"))
                    .containsExactly(null, null, "close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void anHttp2ConnectionGoesAwayAfterItsLastStreamServed() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            List<Integer> streams = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                streams.add(client.send("GET", "foo.com", "/" + i, Map.of(), null));
            }
            for (int stream : streams) {
                assertThat(client.response(stream).status()).isEqualTo(200);
            }

            await().untilAsserted(() -> assertThat(client.open()).isFalse());
            assertThat(client.goAwayLastStream()).isEqualTo(streams.getLast());
        }
    }
}
