package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.dataplane.DataPlaneSettings.UpstreamKeepalive;
import io.reseau.ingress.testing.GrpcBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * upstream-keepalive-requests and upstream-keepalive-time for HTTP/2 backends (gRPC): the one connection per
 * endpoint is renewed after that many streams or that long, as HTTP/1.1 connections are, so that a backend scaled out
 * gets its share of long-lived clients' calls.
 */
class Http2BackendKeepaliveTest {

    @RegisterExtension
    final LoopbackPlane threeStreams = new LoopbackPlane(limits(3, Duration.ofHours(1)));

    @RegisterExtension
    final LoopbackPlane oneSecond = new LoopbackPlane(limits(0, Duration.ofSeconds(1)));

    @RegisterExtension
    final LoopbackPlane unlimited = new LoopbackPlane();

    private static DataPlaneSettings limits(int requests, Duration time) {
        return DataPlaneSettings.loopback(0, 0).toBuilder()
                .upstreamKeepalive(UpstreamKeepalive.DEFAULT.withLimits(requests, time)).build();
    }

    private static List<String> connectionsOfCalls(LoopbackPlane plane, int calls, Duration between)
            throws Exception {
        GrpcBackend grpc = plane.backend(GrpcBackend.cleartext());
        plane.apply(new Routes().service("grpc", grpc.port(), "127.0.0.1")
                .ingress(annotated(ingress("default", "grpc", "grpc.local", path("Prefix", "/", "grpc", 80)),
                        Map.of("nginx.ingress.kubernetes.io/backend-protocol", "GRPC"))).table());
        List<String> connections = new ArrayList<>();
        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            for (int i = 0; i < calls; i++) {
                RawHttp.Response response = http.exchange("POST /helloworld.Greeter/SayHello HTTP/1.1\r\n"
                        + "Host: grpc.local\r\nContent-Type: application/grpc\r\nTE: trailers\r\n"
                        + "Content-Length: 5\r\n\r\nhello");
                assertThat(response.status()).isEqualTo(200);
                connections.add(response.reported("connection"));
                Thread.sleep(between.toMillis());
            }
        }
        return connections;
    }

    @Test
    void aConnectionCarriesUpstreamKeepaliveRequestsStreamsThenANewOneIsOpened() throws Exception {
        List<String> connections = connectionsOfCalls(threeStreams, 7, Duration.ZERO);

        assertThat(connections.subList(0, 3)).containsOnly(connections.get(0));
        assertThat(connections.subList(3, 6)).containsOnly(connections.get(3));
        assertThat(connections.stream().distinct()).hasSize(3);
    }

    @Test
    void aConnectionOpenForUpstreamKeepaliveTimeIsNotUsedForNewStreams() throws Exception {
        List<String> connections = connectionsOfCalls(oneSecond, 2, Duration.ofMillis(1_200));

        assertThat(connections.get(1)).isNotEqualTo(connections.get(0));
    }

    @Test
    void withoutLimitsReachedOneConnectionCarriesEveryStream() throws Exception {
        assertThat(connectionsOfCalls(unlimited, 5, Duration.ZERO).stream().distinct()).hasSize(1);
    }
}
