package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ingresses to ExternalName Services over real sockets: the name is looked up when the proxy connects (here in a
 * hosts table of the test's, so nothing asks a DNS server), and an address the proxy refuses is not connected to.
 */
class ExternalNameTrafficTest {

    private static final Map<String, String> HOSTS = Map.of("app.external.test", "127.0.0.1",
            "wildcard.external.test", "0.0.0.0");

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane().hosts((name, types) -> HOSTS.containsKey(name)
            ? InetAddress.ofLiteral(HOSTS.get(name)) : null);

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
}
