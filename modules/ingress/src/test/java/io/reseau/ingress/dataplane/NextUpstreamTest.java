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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code proxy-next-upstream}: which failures send a request on to the next endpoint, over real sockets, with a
 * healthy backend beside a sick one (answering 503 or 404 to everything) or a hung one (accepting connections and
 * never answering).
 */
class NextUpstreamTest {

    private static final String CONDITIONS = "nginx.ingress.kubernetes.io/proxy-next-upstream";

    private HttpBackend healthy;
    private HttpBackend sick;

    private final List<CompletedRequest> completed = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(completed::add);

    /** A controller with {@code retry-non-idempotent}. */
    @RegisterExtension
    final LoopbackPlane retrying = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .retryNonIdempotent().build());

    @BeforeEach
    void start() throws Exception {
        healthy = plane.backend(HttpBackend.start("healthy"));
        sick = plane.backend(HttpBackend.start("sick"));
        sick.answerEverythingWith(503);
    }

    private void serve(Routes endpoints, Map<String, String> annotations) {
        plane.apply(endpoints.ingress(annotated(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80)),
                annotations)).table());
    }

    /** The statuses of {@code count} requests on one connection, with these request lines and fields. */
    private List<Integer> statuses(int count, String request) throws Exception {
        return statuses(plane, count, request);
    }

    private static List<Integer> statuses(LoopbackPlane to, int count, String request) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (RawHttp http = RawHttp.connect(to.httpPort())) {
            for (int i = 0; i < count; i++) {
                statuses.add(http.exchange(request + "Host: foo.com\r\n\r\n").status());
            }
        }
        return statuses;
    }

    @Test
    void aListedStatusSendsTheRequestToTheNextEndpoint() throws Exception {
        serve(new Routes().service("app", sick, healthy), Map.of(CONDITIONS, "error timeout http_503"));

        assertThat(statuses(6, "GET / HTTP/1.1\r\n")).containsOnly(200);
        // Asked and passed over until ejected, not skipped.
        assertThat(sick.requests()).isPositive();
    }

    @Test
    void byDefaultTheBackendsAnswerIsTheClients() throws Exception {
        serve(new Routes().service("app", sick, healthy), Map.of());

        assertThat(statuses(4, "GET / HTTP/1.1\r\n")).contains(503, 200);
    }

    @Test
    void nonIdempotentRequestsGoOnOnlyWhenAsked() throws Exception {
        String post = "POST / HTTP/1.1\r\nContent-Length: 0\r\n";
        serve(new Routes().service("app", sick, healthy), Map.of(CONDITIONS, "http_503"));
        List<Integer> idempotentOnly = statuses(4, post);
        int askedBefore = sick.requests();
        serve(new Routes().service("app", sick, healthy), Map.of(CONDITIONS, "http_503 non_idempotent"));
        List<Integer> any = statuses(4, post);

        assertThat(idempotentOnly).contains(503, 200);
        assertThat(any).containsOnly(200);
        assertThat(sick.requests()).isGreaterThan(askedBefore);
    }

    @Test
    void theControllersRetryNonIdempotentSendsPostsOnWhateverTheRouteSays() throws Exception {
        retrying.apply(new Routes().service("app", sick, healthy).ingress(annotated(ingress("default", "app",
                "foo.com", path("Prefix", "/", "app", 80)), Map.of(CONDITIONS, "error http_503"))).table());

        assertThat(statuses(retrying, 4, "POST / HTTP/1.1\r\nContent-Length: 0\r\n")).containsOnly(200);
        assertThat(sick.requests()).isPositive();
    }

    @Test
    void whenEveryEndpointFailsTheLastAnswerIsRelayed() throws Exception {
        healthy.answerEverythingWith(503);
        serve(new Routes().service("app", sick, healthy), Map.of(CONDITIONS, "http_503"));

        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/");

        assertThat(response.status()).isEqualTo(503);
        assertThat(sick.requests() + healthy.requests()).isEqualTo(2);
    }

    @Test
    void everyEndpointAskedIsReportedInTheOrderAsked() throws Exception {
        int refusing = RawHttp.freePort();
        serve(new Routes().service("app", sick).endpoint("app", refusing, "127.0.0.1"),
                Map.of(CONDITIONS, "error http_503"));

        int status = RawHttp.get(plane.httpPort(), "foo.com", "/").status();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(completed).hasSize(1));
        UpstreamOutcome outcome = completed.getFirst().upstream();
        assertThat(outcome.attempts()).extracting(attempt -> attempt.endpointText() + " " + attempt.status())
                .containsExactlyInAnyOrder("127.0.0.1:" + sick.port() + " 503", "127.0.0.1:" + refusing + " 502");
        // The client gets the last answer, or nginx's 502 for the last refusal.
        assertThat(outcome.last().orElseThrow().status()).isEqualTo(status);
        assertThat(outcome.attempts()).allSatisfy(attempt -> assertThat(attempt.nanos()).isPositive());
    }

    @Test
    void notFoundDoesNotEjectItsEndpoint() throws Exception {
        sick.answerEverythingWith(404);
        serve(new Routes().service("app", sick, healthy), Map.of(CONDITIONS, "http_404"));

        assertThat(statuses(8, "GET / HTTP/1.1\r\n")).containsOnly(200);
        // Round-robin keeps asking it: a 404 is the backend's answer, not its failure.
        assertThat(sick.requests()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aBackendThatDoesNotAnswerInTimeIsPassedOverUnlessTimeoutIsLeftOutOrTimeIsUp() throws Exception {
        // A hung endpoint per Ingress: one that timed out is ejected for a while.
        try (ServerSocket hung = hung(); ServerSocket alsoHung = hung(); ServerSocket stillHung = hung()) {
            String readTimeout = "nginx.ingress.kubernetes.io/proxy-read-timeout";
            serve(withHung(hung), Map.of(readTimeout, "1"));
            List<Integer> byDefault = statuses(2, "GET / HTTP/1.1\r\n");
            serve(withHung(alsoHung), Map.of(readTimeout, "1", CONDITIONS, "error"));
            List<Integer> errorOnly = oneEachOnItsConnection(2);
            serve(withHung(stillHung), Map.of(readTimeout, "1",
                    "nginx.ingress.kubernetes.io/proxy-next-upstream-timeout", "1"));
            List<Integer> timeIsUp = oneEachOnItsConnection(2);

            assertThat(byDefault).containsOnly(200);
            assertThat(errorOnly).containsExactlyInAnyOrder(504, 200);
            assertThat(timeIsUp).containsExactlyInAnyOrder(504, 200);
        }
    }

    private static ServerSocket hung() throws Exception {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private Routes withHung(ServerSocket hung) {
        return new Routes().service("app", healthy).endpoint("app", hung.getLocalPort(), "127.0.0.1");
    }

    /** After a 504 the client's connection may be closed: a connection per request. */
    private List<Integer> oneEachOnItsConnection(int count) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.addAll(statuses(1, "GET / HTTP/1.1\r\n"));
        }
        return statuses;
    }
}
