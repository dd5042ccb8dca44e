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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * generate-request-id over real sockets: the backend gets the client's X-Request-ID as sent, or a new one of 32
 * hexadecimal digits, each request its own, over HTTP/1.1 and HTTP/2; the access log names the same one.
 */
class RequestIdTrafficTest {

    private final List<CompletedRequest> completed = new CopyOnWriteArrayList<>();
    private HttpBackend backend;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0), completed::add);

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(ingress("default", "app", "app.local", path("Prefix", "/", "app", 80))).table());
    }

    private RawHttp.Response get(String... fields) throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            return http.exchange("GET /x HTTP/1.1\r\nHost: app.local\r\n" + String.join("", fields) + "\r\n");
        }
    }

    @Test
    void aRequestWithoutOneGetsANewOneEachAndTheAccessLogNamesIt() throws Exception {
        String first = get().reported("header.x-request-id");
        String second = get().reported("header.x-request-id");

        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(completed)
                .extracting(CompletedRequest::requestId).containsExactly(first, second));
    }

    @Test
    void theClientsOwnIsPassedOnAsSent() throws Exception {
        RawHttp.Response response = get("X-Request-ID: trace-7f3a\r\n");

        assertThat(response.reported("header.x-request-id")).isEqualTo("trace-7f3a");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(completed)
                .extracting(CompletedRequest::requestId).containsExactly("trace-7f3a"));
    }

    @Test
    void anHttp2RequestGetsOneToo() throws Exception {
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            H2Client.Response response = client.response(client.get("app.local", "/x"));

            assertThat(response.body()).containsPattern("header.x-request-id=[0-9a-f]{32}\n");
        }
    }

    @Test
    void noneIsMadeWhenTurnedOff() throws Exception {
        try (DataPlane quiet = new DataPlane(DataPlaneSettings.loopback(0, 0).toBuilder().generateRequestId(false)
                .build(), request -> { })) {
            quiet.start();
            quiet.apply(new Routes().service("app", backend)
                    .ingress(ingress("default", "app", "app.local", path("Prefix", "/", "app", 80))).table());

            RawHttp.Response response = RawHttp.get(quiet.httpPort(), "app.local", "/x");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.reported("header.x-request-id")).isNull();
        }
    }
}
