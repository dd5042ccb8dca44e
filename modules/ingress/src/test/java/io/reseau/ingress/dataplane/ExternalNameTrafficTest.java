package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ingresses to ExternalName Services over real sockets: the name is looked up when the proxy connects (here in a
 * hosts table of the test's, then of a DNS server on loopback that never answers, so no query leaves the machine),
 * an address the proxy refuses is not connected to, and a lookup takes no longer than the connect timeout.
 */
class ExternalNameTrafficTest {

    private static final Map<String, String> HOSTS = Map.of("app.external.test", "127.0.0.1",
            "wildcard.external.test", "0.0.0.0");

    /** A DNS server that takes queries and never answers. */
    private final DatagramSocket silentDns = silentDns();

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane().names((name, types) -> HOSTS.containsKey(name)
            ? InetAddress.ofLiteral(HOSTS.get(name)) : null,
            new SingletonDnsServerAddressStreamProvider((InetSocketAddress) silentDns.getLocalSocketAddress()));

    private static DatagramSocket silentDns() {
        try {
            return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeDns() {
        silentDns.close();
    }

    @Test
    void requestsGoToTheAddressOfTheServicesNameOnTheIngressPort() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("external"));
        plane.apply(new Routes().externalName("app", "app.external.test")
                .ingress(ingress("default", "x", "foo.com", path("Prefix", "/", "app", backend.port()))).table());

        for (int i = 0; i < 3; i++) {
            RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/page");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.reported("backend")).isEqualTo("external");
            assertThat(response.reported("header.host")).isEqualTo("foo.com");
        }
    }

    @Test
    void aNameLeadingToAWildcardAddressIsNotConnectedTo() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("never"));
        plane.apply(new Routes().externalName("app", "wildcard.external.test")
                .ingress(ingress("default", "x", "foo.com", path("Prefix", "/", "app", backend.port()))).table());

        assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/").status()).isEqualTo(502);
        assertThat(backend.requests()).isZero();
    }

    @Test
    void aNameNotAnsweredWithinTheConnectTimeoutIsAGatewayTimeout() throws Exception {
        plane.apply(new Routes().externalName("app", "unanswered.external.test")
                .ingress(annotated(ingress("default", "x", "foo.com", path("Prefix", "/", "app", 80)),
                        Map.of("nginx.ingress.kubernetes.io/proxy-connect-timeout", "1"))).table());

        assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/").status()).isEqualTo(504);
    }
}
