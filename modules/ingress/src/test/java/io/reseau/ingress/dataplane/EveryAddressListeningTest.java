package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.EveryAddress;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proxy listening on every address, as it does by default: IPv6 clients are served, and IPv4 clients through the
 * same socket are still IPv4 addresses to source ranges and forwarded fields (not {@code ::ffff:127.0.0.1}).
 */
class EveryAddressListeningTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .bindAddress(EveryAddress.of(true)).build());

    @BeforeEach
    void start() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(annotated(ingress("default", "local", "v4.local", path("Prefix", "/", "app", 80)),
                        Map.of("nginx.ingress.kubernetes.io/whitelist-source-range", "127.0.0.1/32")))
                .ingress(ingress("default", "open", "open.local", path("Prefix", "/", "app", 80)))
                .table());
    }

    private RawHttp.Response get(String from, String host) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(from, plane.httpPort()), 5_000);
        try (RawHttp http = new RawHttp(socket)) {
            return http.exchange("GET /x HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        }
    }

    @Test
    void ipv4ClientsAreIpv4AddressesAndIpv6ClientsAreServed() throws Exception {
        RawHttp.Response v4 = get("127.0.0.1", "v4.local");
        RawHttp.Response v6 = get("::1", "open.local");

        assertThat(v4.status()).isEqualTo(200);
        assertThat(v4.reported("header.x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(v6.status()).isEqualTo(200);
        assertThat(v6.reported("header.x-forwarded-for")).isEqualTo("::1");
        assertThat(get("::1", "v4.local").status()).as("::1 is not in 127.0.0.1/32").isEqualTo(403);
    }
}
