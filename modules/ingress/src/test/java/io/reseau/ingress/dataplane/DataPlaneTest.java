package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.dataplane.DataPlaneSettings.UpstreamKeepalive;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The proxy over real loopback sockets: routing, forwarding, keep-alive, balancing, failures. */
class DataPlaneTest {

    private final List<CompletedRequest> completed = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(completed::add);

    private HttpBackend backend(String name) throws Exception {
        return plane.backend(HttpBackend.start(name));
    }

    @Test
    void routesByHostAndPathAndTellsTheBackendWhoCalled() throws Exception {
        HttpBackend one = backend("one");
        HttpBackend two = backend("two");
        plane.apply(new Routes().service("service1", one).service("service2", two)
                .ingress(ingress("default", "web", "domain1.bar.com", path("Prefix", "/bar", "service1", 80),
                        path("Prefix", "/foo", "service2", 80)))
                .table());

        RawHttp.Response bar;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            bar = http.exchange("GET /bar/x?q=1 HTTP/1.1\r\nHost: domain1.bar.com\r\nX-Scheme: https\r\n"
                    + "Proxy: http://attacker.example\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 7.7.7.7\r\n"
                    + "X-Original-Forwarded-For: 8.8.8.8\r\n\r\n");
        }
        RawHttp.Response foo = RawHttp.get(plane.httpPort(), "DOMAIN1.bar.com:80", "/foo");
        RawHttp.Response none = RawHttp.get(plane.httpPort(), "domain1.bar.com", "/baz");

        assertThat(bar.status()).isEqualTo(200);
        assertThat(bar.reported("backend")).isEqualTo("one");
        assertThat(bar.reported("path")).isEqualTo("/bar/x?q=1");
        assertThat(bar.reported("header.host")).isEqualTo("domain1.bar.com");
        assertThat(bar.reported("header.x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(bar.reported("header.x-forwarded-proto")).isEqualTo("http");
        assertThat(bar.reported("header.x-forwarded-host")).isEqualTo("domain1.bar.com");
        assertThat(bar.reported("header.forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=\"domain1.bar.com\"");
        assertThat(bar.reported("header.x-forwarded-scheme")).isEqualTo("http");
        assertThat(bar.reported("header.x-scheme")).isEqualTo("http");
        assertThat(bar.reported("header.proxy")).isNull();
        assertThat(bar.reported("header.x-original-forwarded-for")).isEqualTo("6.6.6.6, 7.7.7.7");
        assertThat(foo.reported("header.x-original-forwarded-for")).isNull();
        assertThat(foo.reported("backend")).isEqualTo("two");
        assertThat(none.status()).isEqualTo(404);
        // Reported once written, on the event loop: possibly just after the client has read the response.
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(completed)
                .extracting(CompletedRequest::status).containsExactlyInAnyOrder(200, 200, 404));
    }

    @Test
    void eachCompletedRequestNamesItsQueryUserAgentRefererLengthsAndItsBackendsAnswer() throws Exception {
        plane.apply(new Routes().service("a", backend("one"))
                .ingress(ingress("default", "web", "foo.com", path("Prefix", "/", "a", 80))).table());
        String search = "GET /search?q=proxy&page=2 HTTP/1.1\r\nHost: foo.com\r\nUser-Agent: curl/8.14.1\r\n"
                + "Referer: https://example.org/start\r\n\r\n";
        String upload = "POST /plain HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 11\r\n\r\n";

        RawHttp.Response searched;
        RawHttp.Response uploaded;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            searched = http.exchange(search);
            uploaded = http.exchange(upload + "hello world");
            http.exchange("GET /elsewhere HTTP/1.1\r\nHost: unknown.com\r\n\r\n");
        }

        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(completed)
                .extracting(r -> r.path() + " [" + r.query() + "] [" + r.userAgent() + "] [" + r.referer() + "] "
                        + r.status() + " " + r.upstream().last().map(UpstreamOutcome.Attempt::status).orElse(0))
                .containsExactly("/search [q=proxy&page=2] [curl/8.14.1] [https://example.org/start] 200 200",
                        "/plain [] [] [] 200 200", "/elsewhere [] [] [] 404 0"));
        // The backend's time is part of the request's; none for the request answered here.
        assertThat(completed.getFirst().upstream().last().orElseThrow().nanos()).isPositive()
                .isLessThanOrEqualTo(completed.getFirst().durationNanos());
        assertThat(completed.getLast().upstream()).isEqualTo(UpstreamOutcome.NONE);
        // Lengths as on the wire: the request's head and body, the backend's response body.
        assertThat(completed).extracting(CompletedRequest::requestLength)
                .containsExactly((long) search.length(), upload.length() + 11L, 46L);
        assertThat(completed.subList(0, 2)).extracting(r -> r.upstream().last().orElseThrow().responseLength())
                .containsExactly((long) searched.bytes().length, (long) uploaded.bytes().length);
        // The backend's connection ready, then its head, within its time.
        assertThat(completed.getFirst().upstream().last().orElseThrow()).satisfies(attempt -> {
            assertThat(attempt.connectNanos()).isNotNegative().isLessThanOrEqualTo(attempt.headerNanos());
            assertThat(attempt.headerNanos()).isLessThanOrEqualTo(attempt.nanos());
        });
    }

    @Test
    void theFieldsAndCookiesTheAccessLogNamesAreKeptSeveralRequestFieldsOfOneNameJoined() throws Exception {
        List<CompletedRequest> logged = new CopyOnWriteArrayList<>();
        LoopbackPlane naming = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
                .loggedFields(LoggedFields.of(List.of("$http_x_forwarded_for", "$http_x_absent", "$cookie_Session",
                        "$cookie_absent", "$sent_http_content_type", "$sent_http_x_backend", "$sent_http_x_absent")))
                .build(), logged::add);
        naming.beforeEach(null);
        try {
            naming.apply(new Routes().service("a", naming.backend(HttpBackend.start("one")))
                    .ingress(ingress("default", "web", "foo.com", path("Prefix", "/", "a", 80))).table());
            try (RawHttp http = RawHttp.connect(naming.httpPort())) {
                http.exchange("GET /?set=X-Backend%3Aone&set=X-Backend%3Atwo HTTP/1.1\r\nHost: foo.com\r\n"
                        + "X-Forwarded-For: 198.51.100.4\r\nx-forwarded-for: 203.0.113.9\r\n"
                        + "Cookie: theme=dark; session=s1\r\n\r\n");
            }

            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(logged).singleElement()
                    .extracting(CompletedRequest::fields)
                    .isEqualTo(Map.of("$http_x_forwarded_for", "198.51.100.4, 203.0.113.9", "$cookie_Session", "s1",
                            "$sent_http_content_type", "text/plain", "$sent_http_x_backend", "one")));
            assertThat(completed).isEmpty();
        } finally {
            naming.afterEach(null);
        }
    }

    @Test
    void theBytesSentAreTheResponsesAsTheClientReceivedThem() throws Exception {
        plane.apply(new Routes().service("a", backend("one"))
                .ingress(ingress("default", "web", "foo.com", path("Prefix", "/", "a", 80))).table());

        String proxied = RawHttp.untilClosed(plane.httpPort(),
                "GET /page HTTP/1.1\r\nHost: foo.com\r\nConnection: close\r\n\r\n");
        String answeredHere = RawHttp.untilClosed(plane.httpPort(),
                "GET /page HTTP/1.1\r\nHost: unknown.com\r\nConnection: close\r\n\r\n");

        assertThat(proxied).startsWith("HTTP/1.1 200");
        assertThat(answeredHere).startsWith("HTTP/1.1 404");
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(completed)
                .extracting(CompletedRequest::bytesSent)
                .containsExactly((long) proxied.length(), (long) answeredHere.length()));
    }

    @Test
    void aRequestNoRuleTookIsToldApartFromOnesRoutedAndOnesRefusedBeforeRouting() throws Exception {
        plane.apply(new Routes().service("a", backend("one")).service("fallback", backend("fallback"))
                .ingress(ingress("default", "web", "foo.com", path("Prefix", "/app", "a", 80))).table());
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.exchange("GET /app HTTP/1.1\r\nHost: foo.com\r\n\r\n");
            http.exchange("GET /other HTTP/1.1\r\nHost: foo.com\r\n\r\n");
            http.exchange("GET /x HTTP/1.1\r\nHost: unknown.com\r\n\r\n");
            http.exchange("GET /app/../../etc HTTP/1.1\r\nHost: foo.com\r\n\r\n");
        }
        // The controller's default-backend-service answering what no rule takes.
        plane.apply(new Routes().service("a", backend("one")).service("fallback", backend("fallback"))
                .ingress(ingress("default", "web", "foo.com", path("Prefix", "/app", "a", 80)))
                .table(Routes.withDefaultBackend("default/fallback", Set.of())));
        RawHttp.Response fallback = RawHttp.get(plane.httpPort(), "unknown.com", "/x");

        assertThat(fallback.reported("backend")).isEqualTo("fallback");
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(completed)
                .extracting(r -> r.status() + (r.unmatched() ? " unmatched" : " routed or refused"))
                .containsExactly("200 routed or refused", "404 unmatched", "404 unmatched", "400 routed or refused",
                        "200 unmatched"));
    }

    @Test
    void aBackendsServerFieldIsNotPassedOnUnlessAllowed() throws Exception {
        HttpBackend one = backend("one");
        plane.apply(new Routes().service("a", one).ingress(ingress("default", "web", "foo.com",
                path("Prefix", "/", "a", 80))).table());

        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com",
                "/x?set=Server:Apache%2F2.4.41&set=X-Powered-By:PHP");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("server")).isNull();
        assertThat(response.header("x-powered-by")).isEqualTo("PHP");
    }

    @Test
    void keepsClientConnectionsAliveAndStripsHopByHopHeaders() throws Exception {
        HttpBackend one = backend("one");
        plane.apply(new Routes().service("a", one).ingress(ingress("default", "web", "foo.com",
                path("Prefix", "/", "a", 80))).table());

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response first = http.exchange("GET /1 HTTP/1.1\r\nHost: foo.com\r\nConnection: keep-alive, "
                    + "X-Secret\r\nX-Secret: hop\r\nKeep-Alive: timeout=5\r\nProxy-Connection: x\r\n"
                    + "X-Forwarded-For: 6.6.6.6\r\nTE: trailers\r\n\r\n");
            RawHttp.Response second = http.exchange("GET /2 HTTP/1.1\r\nHost: foo.com\r\n\r\n");

            assertThat(first.reported("path")).isEqualTo("/1");
            assertThat(first.body()).doesNotContain("x-secret", "keep-alive", "proxy-connection", "header.te=")
                    .contains("header.x-forwarded-for=127.0.0.1\n");
            assertThat(second.reported("path")).isEqualTo("/2");
        }
    }

    @Test
    void aBodyWithoutLengthIsChunkedToHttp11ClientsAndEndsWithTheConnectionForHttp10Ones() throws Exception {
        HttpBackend one = backend("one");
        plane.apply(new Routes().service("a", one).ingress(ingress("default", "web", "foo.com",
                path("Prefix", "/", "a", 80))).table());

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response chunked = http.exchange("GET /chunked/70000 HTTP/1.1\r\nHost: foo.com\r\n\r\n");
            RawHttp.Response next = http.exchange("GET /next HTTP/1.1\r\nHost: foo.com\r\n\r\n");

            assertThat(chunked.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(chunked.body()).hasSize(70_000).matches("c+");
            assertThat(next.reported("path")).isEqualTo("/next");
        }
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response untilClose = http.exchange("GET /chunked/70000 HTTP/1.0\r\nHost: foo.com\r\n"
                    + "Connection: keep-alive\r\n\r\n");

            assertThat(untilClose.header("transfer-encoding")).isNull();
            assertThat(untilClose.header("connection")).isEqualTo("close");
            assertThat(untilClose.body()).hasSize(70_000).matches("c+");
        }
    }

    @Test
    void aHeadResponseHasNoBodyAndTheConnectionGoesOn() throws Exception {
        HttpBackend one = backend("one");
        plane.apply(new Routes().service("a", one).ingress(ingress("default", "web", "foo.com",
                path("Prefix", "/", "a", 80))).table());

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("HEAD /bytes/100 HTTP/1.1\r\nHost: foo.com\r\n\r\nGET /after HTTP/1.1\r\nHost: foo.com\r\n\r\n");
            RawHttp.Response head = http.readHeadResponse();
            RawHttp.Response after = http.read();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("transfer-encoding")).isNull();
            assertThat(after.reported("path")).isEqualTo("/after");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        HttpBackend one = backend("one");
        plane.apply(new Routes().service("a", one).ingress(ingress("default", "web", "foo.com",
                path("Prefix", "/", "a", 80))).table());

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            http.send("GET /sleep/200 HTTP/1.1\r\nHost: foo.com\r\n\r\nGET /nope HTTP/1.1\r\nHost: bar.com\r\n\r\n"
                    + "POST /third HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 3\r\n\r\nabc");

            assertThat(http.read().reported("path")).isEqualTo("/sleep/200");
            assertThat(http.read().status()).isEqualTo(404);
            RawHttp.Response third = http.read();
            assertThat(third.reported("path")).isEqualTo("/third");
            assertThat(third.reported("body")).isEqualTo("3");
        }
    }

    @Test
    void roundRobinsOverReadyEndpoints() throws Exception {
        HttpBackend one = backend("one");
        HttpBackend two = backend("two");
        plane.apply(new Routes().service("a", one, two)
                .ingress(ingress("default", "web", "foo.com", path("Prefix", "/", "a", 80)))
                .table());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            seen.add(RawHttp.get(plane.httpPort(), "foo.com", "/").reported("backend"));
        }
        assertThat(seen).containsExactlyInAnyOrder("one", "two");
        assertThat(one.requests()).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionIsRetriedOnTheNextEndpoint() throws Exception {
        HttpBackend alive = backend("alive");
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0)) {
            closedPort = unused.getLocalPort();
        }
        // Both endpoints in one Service: a dead one (nothing listens) and a live one.
        plane.apply(withDeadEndpoint(alive, closedPort));

        for (int i = 0; i < 6; i++) {
            RawHttp.Response get = RawHttp.get(plane.httpPort(), "foo.com", "/");
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.reported("backend")).isEqualTo("alive");
        }
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            // The dead endpoint has failed often enough to be ejected, so even POST (never retried) gets through.
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                statuses.add(http.exchange("POST / HTTP/1.1\r\nHost: foo.com\r\nContent-Length: 1\r\n\r\nx").status());
            }
            assertThat(statuses).containsOnly(200);
        }
    }

    private static io.reseau.ingress.model.RoutingTable withDeadEndpoint(HttpBackend alive, int closedPort) {
        io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice dead = io.reseau.ingress.testing.Objects
                .slice("default", "a", "a-dead", closedPort, "127.0.0.1");
        io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice live = io.reseau.ingress.testing.Objects
                .slice("default", "a", "a-live", alive.port(), alive.ip());
        return io.reseau.ingress.compute.IngressTranslation.translate(
                List.of(ingress("default", "web", "foo.com", path("Prefix", "/", "a", 80))),
                List.of(io.reseau.ingress.testing.Objects.ourClass(false)),
                List.of(io.reseau.ingress.testing.Objects.service("default", "a", 80)), List.of(dead, live), List.of(),
                List.of(), Routes.SETTINGS).table();
    }

    @Test
    void aServiceWithoutEndpointsAnswers503() throws Exception {
        plane.apply(new Routes().service("a", 8080).ingress(ingress("default", "web", "foo.com",
                path("Prefix", "/", "a", 80))).table());

        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body()).contains("default/a:80 has no ready endpoint");
    }

    @Test
    void aSlowBackendAnswers504() throws Exception {
        HttpBackend slow = backend("slow");
        plane.apply(new Routes().service("a", slow).ingress(io.reseau.ingress.testing.Objects.annotated(
                ingress("default", "web", "foo.com", path("Prefix", "/", "a", 80)),
                java.util.Map.of("nginx.ingress.kubernetes.io/proxy-read-timeout", "1"))).table());

        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/sleep/3000");

        assertThat(response.status()).isEqualTo(504);
    }

    @Test
    void largeResponsesAndBodiesStreamThrough() throws Exception {
        HttpBackend one = backend("one");
        plane.apply(new Routes().service("a", one).ingress(ingress("default", "web", "foo.com",
                path("Prefix", "/", "a", 80))).table());

        RawHttp.Response big = RawHttp.get(plane.httpPort(), "foo.com", "/bytes/5000000");
        String chunk = "x".repeat(1000);
        StringBuilder chunked = new StringBuilder("POST /upload HTTP/1.1\r\nHost: foo.com\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 500; i++) {
            chunked.append("3e8\r\n").append(chunk).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        RawHttp.Response upload;
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            upload = http.exchange(chunked.toString());
        }

        assertThat(big.body()).hasSize(5_000_000);
        assertThat(upload.reported("body")).isEqualTo("500000");
    }

    @Test
    void aKeptAliveBackendConnectionIsClosedOnceIdleForTheIdleTimeout() throws Exception {
        DataPlaneSettings oneSecond = DataPlaneSettings.loopback(0, 0).toBuilder()
                .upstreamKeepalive(UpstreamKeepalive.DEFAULT.withTimeout(Duration.ofSeconds(1))).build();
        try (ServerSocket backend = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DataPlane idleClosing = planeTo(backend, oneSecond)) {
            // Kept alive by the proxy, then closed by it once idle: the next read sees the end.
            CompletableFuture<Integer> afterAnswer = answerOnce(backend, Duration.ZERO);

            RawHttp.Response response = RawHttp.get(idleClosing.httpPort(), "foo.com", "/");

            assertThat(response.status()).isEqualTo(200);
            assertThat(afterAnswer.get(20, TimeUnit.SECONDS)).isEqualTo(-1);
        }
    }

    @Test
    void aBackendConnectionIsClosedOnceItHasCarriedUpstreamKeepaliveRequests() throws Exception {
        DataPlaneSettings twoRequests = DataPlaneSettings.loopback(0, 0).toBuilder()
                .upstreamKeepalive(UpstreamKeepalive.DEFAULT.withLimits(2, Duration.ofHours(1))).build();
        try (ServerSocket backend = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                DataPlane plane = planeTo(backend, twoRequests)) {
            CompletableFuture<Integer> firstConnection = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                int answered = 0;
                while (!backend.isClosed()) {
                    try (Socket connection = backend.accept()) {
                        connection.setSoTimeout(15_000);
                        answered += answerUntilClosed(connection, answered);
                        firstConnection.complete(answered);
                    } catch (IOException e) {
                        firstConnection.completeExceptionally(e);
                    }
                }
            });

            try (RawHttp client = RawHttp.connect(plane.httpPort())) {
                for (int i = 1; i <= 3; i++) {
                    RawHttp.Response response = client.exchange("GET /" + i + " HTTP/1.1\r\nHost: foo.com\r\n\r\n");
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(response.body()).isEqualTo("answer " + i);
                }
            }
            // The first connection carried two requests and was closed by the proxy; the third went on a new one.
            assertThat(firstConnection.get(20, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void aBackendConnectionIsNotUsedAgainOnceOpenForUpstreamKeepaliveTime() throws Exception {
        DataPlaneSettings oneSecond = DataPlaneSettings.loopback(0, 0).toBuilder()
                .upstreamKeepalive(UpstreamKeepalive.DEFAULT.withLimits(0, Duration.ofSeconds(1))).build();
        try (ServerSocket backend = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
                DataPlane plane = planeTo(backend, oneSecond)) {
            // Answered once the connection has been open for longer than its time.
            CompletableFuture<Integer> afterAnswer = answerOnce(backend, Duration.ofMillis(1_500));

            RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/");

            assertThat(response.status()).isEqualTo(200);
            // Closed right after that response (the idle timeout is a minute).
            assertThat(afterAnswer.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        }
    }

    /**
     * The stand-in backend's one connection: its first request answered (keep-alive) after {@code delay}; what the
     * next read of that connection gives, -1 once the proxy closed it.
     */
    private static CompletableFuture<Integer> answerOnce(ServerSocket backend, Duration delay) {
        CompletableFuture<Integer> afterAnswer = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket connection = backend.accept()) {
                connection.setSoTimeout(15_000);
                InputStream in = connection.getInputStream();
                RawHttp.readHead(in);
                Thread.sleep(delay);
                connection.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                        .getBytes(StandardCharsets.ISO_8859_1));
                afterAnswer.complete(in.read());
            } catch (Exception e) {
                afterAnswer.completeExceptionally(e);
            }
        });
        return afterAnswer;
    }

    /** A started data plane with these settings, whose host foo.com goes to a stand-in {@code backend}. */
    private static DataPlane planeTo(ServerSocket backend, DataPlaneSettings settings) throws Exception {
        DataPlane plane = new DataPlane(settings, request -> { });
        plane.start();
        plane.apply(new Routes().service("a", backend.getLocalPort(), "127.0.0.1")
                .ingress(ingress("default", "web", "foo.com", path("Prefix", "/", "a", 80))).table());
        return plane;
    }

    /**
     * Answers requests on a backend connection ({@code answer <n>}, numbered on from {@code before}) until the
     * proxy closes it; how many it answered.
     */
    private static int answerUntilClosed(Socket connection, int before) throws IOException {
        InputStream in = connection.getInputStream();
        int answered = 0;
        while (RawHttp.readHead(in).endsWith("\r\n\r\n")) {
            answered++;
            String body = "answer " + (before + answered);
            connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
        }
        return answered;
    }
}
