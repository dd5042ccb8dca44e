package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code allow-backend-server-header}: a backend's Server field reaches the client (left out by default); and
 * {@code hide-headers}: the fields named do not.
 */
class BackendServerHeaderTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .backendServerHeader(true).hiddenResponseFields(List.of("X-Powered-By")).build());

    @Test
    void aBackendsServerFieldIsPassedOn() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80))).table());

        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/x?set=Server:Apache%2F2.4.41");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("server")).isEqualTo("Apache/2.4.41");
    }

    @Test
    void theHiddenFieldsOfABackendsResponseDoNotReachTheClient() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80))).table());

        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com",
                "/x?set=x-powered-by:PHP%2F8.2&set=X-Powered-By-Proxy:kept");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).doesNotContainKey("x-powered-by");
        assertThat(response.header("x-powered-by-proxy")).isEqualTo("kept");
    }
}
