package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.H2Client;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code enable-underscores-in-headers}: request fields whose name holds an underscore reach the backend, over
 * HTTP/1.1 and HTTP/2 (by default they are dropped: {@code HostileInputTest}).
 */
class UnderscoresInHeadersTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .underscoresInHeaders(true).build());

    @Test
    void fieldsWithAnUnderscoreInTheirNameArePassedOn() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .ingress(ingress("default", "app", "foo.com", path("Prefix", "/", "app", 80))).table());

        try (RawHttp http = RawHttp.connect(plane.httpPort())) {
            RawHttp.Response response = http.exchange("GET / HTTP/1.1\r\nHost: foo.com\r\nX_Legacy: 1\r\n\r\n");

            assertThat(response.reported("header.x_legacy")).isEqualTo("1");
        }
        try (H2Client client = new H2Client(plane.httpsPort(), 65_535, true)) {
            H2Client.Response response = client.response(client.send("GET", "foo.com", "/", Map.of("x_legacy", "2"),
                    null));

            assertThat(response.body()).contains("header.x_legacy=2");
        }
    }
}
