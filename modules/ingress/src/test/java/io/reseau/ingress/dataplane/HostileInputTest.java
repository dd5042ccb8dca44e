package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.H2Client;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an attacker sends, over a real socket, and what comes back. No refused request may reach the backend whole
 * (a chunked body over the limit is cut off in flight, as the proxy streams bodies), so every case checks the
 * backend's count of complete requests too.
 */
class HostileInputTest {

    private HttpBackend backend;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30)).maxConnections(20).build());

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .service("admin", backend)
                .ingress(ingress("default", "public", "foo.com", path("Prefix", "/", "app", 80)))
                .ingress(annotated(ingress("default", "admin", "foo.com", path("Prefix", "/admin", "admin", 80)),
                        Map.of("nginx.ingress.kubernetes.io/whitelist-source-range", "10.0.0.0/8")))
                .ingress(annotated(ingress("default", "small", "small.com", path("Prefix", "/", "app", 80)),
                        Map.of("reseau.io/proxy-body-size", "10")))
                .table());
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                Arguments.of("Content-Length with Transfer-Encoding", 400,
                        "POST / HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "0\r\n\r\n"),
                Arguments.of("two different Content-Lengths", 400,
                        "POST / HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
                Arguments.of("Transfer-Encoding other than chunked", 400,
                        "POST / HTTP/1.1\r\nHost: foo.com\r\nTransfer-Encoding: xchunked\r\nContent-Length: 3\r\n\r\n"
                                + "abc"),
                Arguments.of("Transfer-Encoding twice", 400,
                        "POST / HTTP/1.1\r\nHost: foo.com\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
                                + "chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding in HTTP/1.0", 400,
                        "POST / HTTP/1.0\r\nHost: foo.com\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("obsolete line folding", 400,
                        "GET / HTTP/1.1\r\nHost: foo.com\r\nX-Folded: a\r\n b\r\n\r\n"),
                Arguments.of("space before the colon", 400, "GET / HTTP/1.1\r\nHost : foo.com\r\n\r\n"),
                Arguments.of("field name that is not a token", 400,
                        "GET / HTTP/1.1\r\nHost: foo.com\r\nX-A(b): 1\r\n\r\n"),
                Arguments.of("control character in a value", 400, "GET / HTTP/1.1\r\nHost: foo.com\r\nX-A: a\u0001b\r\n\r\n"),
                Arguments.of("bare LF line endings", 400, "GET / HTTP/1.1\nHost: foo.com\n\n"),
                Arguments.of("no Host in HTTP/1.1", 400, "GET / HTTP/1.1\r\n\r\n"),
                Arguments.of("two Hosts", 400, "GET / HTTP/1.1\r\nHost: foo.com\r\nHost: evil.com\r\n\r\n"),
                Arguments.of("absolute-form target", 400, "GET http://foo.com/ HTTP/1.1\r\nHost: foo.com\r\n\r\n"),
                Arguments.of("header section too large", 431, "GET / HTTP/1.1\r\nHost: foo.com\r\n"
                        + ("X-Big: " + "a".repeat(7_000) + "\r\n").repeat(5) + "\r\n"),
                Arguments.of("one header field line longer than a buffer", 431,
                        "GET / HTTP/1.1\r\nHost: foo.com\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n"),
                Arguments.of("request line too long", 414, "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: foo.com\r\n\r\n"),
                Arguments.of("body over proxy-body-size (Content-Length)", 413,
                        "POST / HTTP/1.1\r\nHost: small.com\r\nContent-Length: 11\r\n\r\nhello world"),
                Arguments.of("body over proxy-body-size (chunked)", 413,
                        "POST / HTTP/1.1\r\nHost: small.com\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n"
                                + "5\r\nworld\r\n0\r\n\r\n"),
                Arguments.of("encoded slash to get around a path rule", 400,
                        "GET /admin%2Fsecret HTTP/1.1\r\nHost: foo.com\r\n\r\n"),
                Arguments.of("dot-dot above the root", 400, "GET /../etc/passwd HTTP/1.1\r\nHost: foo.com\r\n\r\n"),
                Arguments.of("encoded dot-dot above the root", 400, "GET /%2e%2e/x HTTP/1.1\r\nHost: foo.com\r\n\r\n"),
                Arguments.of("dot-dot into a protected path", 403, "GET /public/../admin HTTP/1.1\r\nHost: foo.com\r\n\r\n"),
                Arguments.of("encoded dot-dot into a protected path", 403,
                        "GET /x/%2E%2e/admin/ HTTP/1.1\r\nHost: foo.com\r\n\r\n"),
                Arguments.of("double slash into a protected path", 403, "GET //admin HTTP/1.1\r\nHost: foo.com\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusedRequests")
    void isRefusedAndNeverReachesTheBackend(String attack, int status, String bytes) throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response response = http.exchange(bytes);

            assertThat(response.status()).isEqualTo(status);
            assertThat(backend.requests()).isZero();
        }
    }

    /**
     * The head is checked as it arrives, so where the client's segments split it must not matter: between a CR and
     * its LF, between a line's end and the next line's first byte, anywhere. A folded line split off its CRLF is
     * still refused.
     */
    @Test
    void aHeadSplitAnywhereIsReadWholeAndAFoldSplitOffItsLineIsStillRefused() throws Exception {
        String head = "GET /split HTTP/1.1\r\nHost: foo.com\r\nX-A: a\r\n\r\n";
        for (int split = 1; split < head.length(); split++) {
            try (RawHttp http = RawHttp.connect(plane.httpPort())) {
                http.socket().setTcpNoDelay(true);
                http.send(head.substring(0, split));
                Thread.sleep(5);
                RawHttp.Response response = http.exchange(head.substring(split));

                assertThat(response.status()).as("split after %d bytes", split).isEqualTo(200);
            }
        }
        assertThat(backend.requests()).isEqualTo(head.length() - 1);

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.socket().setTcpNoDelay(true);
            http.send("GET / HTTP/1.1\r\nHost: foo.com\r\nX-Folded: a\r\n");
            Thread.sleep(5);
            assertThat(http.exchange(" b\r\n\r\n").status()).isEqualTo(400);
        }
    }

    @Test
    void smugglingAttemptClosesTheConnectionSoNothingBehindItIsRead() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response response = http.exchange("POST / HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 40\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: foo.com\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
            assertThat(backend.requests()).isZero();
        }
    }

    @Test
    void aClientTricklingItsHeadGets408() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("GET / HTTP/1.1\r\nHost: foo.com\r\n");
            for (int i = 0; i < 6; i++) {
                // One byte every 250 ms: each read resets an idle timer, but not the head's deadline (1 s).
                Thread.sleep(250);
                try {
                    http.send("X");
                } catch (java.io.IOException closed) {
                    break;
                }
            }
            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(408);
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientStallingItsBodyGets408() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("POST / HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 10\r\n\r\nabc");

            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(408);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        java.util.List<RawHttp> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                held.add(RawHttp.connect(plane.httpPort()));
            }
            org.awaitility.Awaitility.await().until(() -> plane.dataPlane().openConnections() == 20);
            try (RawHttp extra = RawHttp.connect(plane.httpPort())) {
                assertThat(extra.closedByServer()).isTrue();
            }
            held.removeFirst().close();
            org.awaitility.Awaitility.await().until(() -> plane.dataPlane().openConnections() == 19);
            assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/").status()).isEqualTo(200);
        } finally {
            for (RawHttp h : held) {
                h.close();
            }
        }
    }

    /**
     * To an application reading fields as CGI-style variables, X_Forwarded_For is X-Forwarded-For
     * (HTTP_X_FORWARDED_FOR): passed on, it could stand in for the one reseau sets.
     */
    @Test
    void fieldsWithAnUnderscoreInTheirNameDoNotReachTheBackend() throws Exception {
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response response = http.exchange("GET / HTTP/1.1\r\nHost: foo.com\r\nX_Forwarded_For: 6.6.6.6\r\n"
                    + "X-Kept: yes\r\n\r\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.reported("header.x_forwarded_for")).isNull();
            assertThat(response.reported("header.x-kept")).isEqualTo("yes");
        }
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            H2Client.Response response = client.response(client.send("GET", "foo.com", "/",
                    Map.of("x_forwarded_for", "6.6.6.6", "x-kept", "yes"), null));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("x_forwarded_for").contains("header.x-kept=yes");
        }
    }

    @Test
    void aNormalisedPathIsWhatTheBackendReceives() throws Exception {
        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/a/./b//c/../%7euser?x=%2e");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.reported("path")).isEqualTo("/a/b/~user?x=%2e");
    }
}
