package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code mirror-target} over real sockets: the client is answered by its backend, and a copy of its request (URL
 * variables filled in, fields, body) reaches the mirror, whose answer is ignored.
 */
class MirrorTest {

    private HttpBackend app;
    private HttpBackend shadow;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();

    @BeforeEach
    void start() throws Exception {
        app = plane.backend(HttpBackend.start("app"));
        shadow = plane.backend(HttpBackend.start("shadow"));
        shadow.answerEverythingWith(500);
    }

    private void serve(Map<String, String> mirror) {
        Map<String, String> annotations = new HashMap<>(mirror);
        plane.apply(new Routes().service("app", app).ingress(annotated(ingress("default", "app", "foo.com",
                path("Prefix", "/", "app", 80)), annotations)).table());
    }

    private RawHttp.Response post(String path, String body, String... fields) throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            return http.exchange("POST " + path + " HTTP/1.1\r\nHost: foo.com\r\nContent-Length: " + body.length()
                    + "\r\n" + String.join("", fields) + "\r\n" + body);
        }
    }

    @Test
    void aCopyWithItsBodyAndFieldsGoesToTheMirrorWhoseAnswerIsIgnored() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/mirror-target", "http://127.0.0.1:" + shadow.port()
                + "/shadow$request_uri"));

        RawHttp.Response answer = post("/orders?id=7", "hello", "X-Team: core\r\n");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.reported("backend")).isEqualTo("app");
        await().untilAsserted(() -> assertThat(shadow.requests()).isEqualTo(1));
        assertThat(shadow.lastReport()).contains("method=POST", "path=/shadow/orders?id=7", "body=5",
                "header.x-team=core", "header.x-forwarded-host=foo.com", "header.x-forwarded-for=127.0.0.1",
                "header.host=127.0.0.1:" + shadow.port());
        assertThat(app.requests()).isEqualTo(1);
        // The copy carries the request ID the backend got.
        assertThat(answer.reported("header.x-request-id")).matches("[0-9a-f]{32}");
        assertThat(shadow.lastReport()).contains("header.x-request-id=" + answer.reported("header.x-request-id"));
    }

    @Test
    void theBodyStaysOutWhenAskedAndTheHostIsTheOneGiven() throws Exception {
        serve(Map.of("nginx.ingress.kubernetes.io/mirror-target", "http://127.0.0.1:" + shadow.port() + "$request_uri",
                "nginx.ingress.kubernetes.io/mirror-request-body", "off",
                "nginx.ingress.kubernetes.io/mirror-host", "test.foo.com"));

        assertThat(post("/x", "hello").status()).isEqualTo(200);

        await().untilAsserted(() -> assertThat(shadow.requests()).isEqualTo(1));
        assertThat(shadow.lastReport()).contains("method=POST", "path=/x", "body=0", "header.host=test.foo.com");
        assertThat(app.lastReport()).contains("body=5");
    }

    @Test
    void aMirrorThatCannotBeReachedChangesNothingForTheClient() throws Exception {
        int nobody = RawHttp.freePort();
        serve(Map.of("nginx.ingress.kubernetes.io/mirror-target", "http://127.0.0.1:" + nobody + "$request_uri"));

        for (int i = 0; i < 3; i++) {
            assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/y").status()).isEqualTo(200);
        }
        assertThat(app.requests()).isEqualTo(3);
    }
}
