package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code allow-backend-server-header}: a backend's Server field reaches the client (left out by default). */
class BackendServerHeaderTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .backendServerHeader(true).build());

    @Test
    void aBackendsServerFieldIsPassedOn() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80))).table());

        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/x?set=Server:Apache%2F2.4.41");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("server")).isEqualTo("Apache/2.4.41");
    }
}
