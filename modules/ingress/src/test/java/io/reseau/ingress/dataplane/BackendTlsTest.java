package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.opaqueSecret;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.TestCertificates.Issued;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code proxy-ssl-*} over real sockets: an HTTPS backend whose certificate leads to the Secret's authority and
 * carries the name asked for is reached; one that does not is not, whatever else routes to it unchecked.
 */
class BackendTlsTest {

    private HttpBackend backend;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.startTls("secure.backend"));
        plane.apply(new Routes().service("secure", backend)
                .secret(opaqueSecret("default", "backend-ca", Map.of("ca.crt", backend.certificatePem())))
                .secret(opaqueSecret("default", "other-ca", Map.of("ca.crt", Issued.authority("other").pem())))
                .ingress(checked("checked", "backend-ca", "secure.backend"))
                .ingress(checked("wrong-authority", "other-ca", "secure.backend"))
                .ingress(checked("wrong-name", "backend-ca", "other.backend"))
                .ingress(checked("no-secret", "missing-ca", "secure.backend"))
                .ingress(annotated(ingress("default", "unchecked", "unchecked.foo.com",
                        path("Prefix", "/", "secure", 80)), Map.of(
                                "nginx.ingress.kubernetes.io/backend-protocol", "HTTPS")))
                .table());
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.Ingress checked(String name, String secret,
            String serverName) {
        Map<String, String> annotations = new HashMap<>(Map.of(
                "nginx.ingress.kubernetes.io/backend-protocol", "HTTPS",
                "nginx.ingress.kubernetes.io/proxy-ssl-verify", "on",
                "nginx.ingress.kubernetes.io/proxy-ssl-secret", "default/" + secret,
                "nginx.ingress.kubernetes.io/proxy-ssl-name", serverName));
        return annotated(ingress("default", name, name + ".foo.com", path("Prefix", "/", "secure", 80)),
                annotations);
    }

    @Test
    void aBackendWhoseCertificateLeadsToTheAuthorityAndCarriesTheNameIsReached() throws Exception {
        RawHttp.Response response = RawHttp.get(plane.httpPort(), "checked.foo.com", "/x");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.reported("backend")).isEqualTo("secure.backend");
        assertThat(response.reported("tls")).startsWith("TLSv1.");
    }

    @Test
    void anotherAuthorityOrNameOrNoAuthorityAtAllIsNotTrusted() throws Exception {
        int before = backend.requests();

        assertThat(RawHttp.get(plane.httpPort(), "wrong-authority.foo.com", "/x").status()).isEqualTo(502);
        assertThat(RawHttp.get(plane.httpPort(), "wrong-name.foo.com", "/x").status()).isEqualTo(502);
        assertThat(RawHttp.get(plane.httpPort(), "no-secret.foo.com", "/x").status()).isEqualTo(502);
        assertThat(backend.requests()).isEqualTo(before);
        // The same endpoint is still reached by the routes that check it rightly, or not at all.
        assertThat(RawHttp.get(plane.httpPort(), "checked.foo.com", "/x").status()).isEqualTo(200);
        assertThat(RawHttp.get(plane.httpPort(), "unchecked.foo.com", "/x").status()).isEqualTo(200);
    }
}
