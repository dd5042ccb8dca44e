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
import io.reseau.ingress.testing.TestCertificates;
import io.reseau.ingress.testing.TestCertificates.Issued;
import io.reseau.ingress.testing.TlsSockets;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code auth-tls-*} over real sockets: the JDK's TLS client presents (or not) a certificate when reseau asks for
 * one, and the requests pass or are refused by what it presented; the backend is told who the client is.
 */
class ClientCertificateTrafficTest {

    private static final Issued CA = Issued.authority("clients-ca");
    private static final Issued STRANGERS = Issued.authority("strangers-ca");

    private HttpBackend backend;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane();

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        plane.apply(new Routes().service("app", backend)
                .secret(opaqueSecret("default", "clients-ca", Map.of("ca.crt", CA.pem())))
                .ingress(annotated(ingress("default", "required", "mtls.foo.com", path("Prefix", "/", "app", 80)),
                        Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "default/clients-ca",
                                "nginx.ingress.kubernetes.io/auth-tls-pass-certificate-to-upstream", "true")))
                .ingress(annotated(ingress("default", "optional", "opt.foo.com", path("Prefix", "/", "app", 80)),
                        Map.of("nginx.ingress.kubernetes.io/auth-tls-secret", "clients-ca",
                                "nginx.ingress.kubernetes.io/auth-tls-verify-client", "optional")))
                .ingress(ingress("default", "open", "open.foo.com", path("Prefix", "/", "app", 80)))
                .table());
    }

    @Test
    void aRequiredCertificatePassesWhenAnAuthoritySignedItAndTheBackendLearnsWhose() throws Exception {
        // Written in the certificate as openssl's -subj /O=Acme/CN=alice; named in RFC 2253's order, as nginx does.
        Issued alice = CA.issue("O=Acme,CN=alice", false);

        RawHttp.Response response = get("mtls.foo.com", TestCertificates.holding(true, alice), "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.reported("header.ssl-client-verify")).isEqualTo("SUCCESS");
        assertThat(response.reported("header.ssl-client-subject-dn")).isEqualTo("CN=alice,O=Acme");
        assertThat(response.reported("header.ssl-client-issuer-dn")).isEqualTo("CN=clients-ca");
        assertThat(response.reported("header.ssl-client-cert")).startsWith("-----BEGIN%20CERTIFICATE-----");
    }

    @Test
    void withoutAValidCertificateARequiredOneRefusesWhateverTheClientClaims() throws Exception {
        RawHttp.Response none = get("mtls.foo.com", null, "ssl-client-verify: SUCCESS\r\n");
        KeyManagerFactory mallory = TestCertificates.holding(false, STRANGERS.issue("CN=mallory", false));
        RawHttp.Response stranger = get("mtls.foo.com", mallory, "");
        RawHttp.Response plain = RawHttp.get(plane.httpPort(), "mtls.foo.com", "/x");

        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("No required SSL certificate was sent");
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.body()).contains("The SSL certificate error");
        // Plain HTTP cannot carry a certificate: refused too, not let through.
        assertThat(plain.status()).isEqualTo(400);
        assertThat(backend.requests()).isZero();
    }

    @Test
    void anOptionalCertificateLetsClientsWithoutOneThroughAndSaysSo() throws Exception {
        RawHttp.Response none = get("opt.foo.com", null, "ssl-client-verify: SUCCESS\r\n");
        KeyManagerFactory mallory = TestCertificates.holding(false, STRANGERS.issue("CN=mallory", false));
        RawHttp.Response stranger = get("opt.foo.com", mallory, "");
        RawHttp.Response open = get("open.foo.com", null, "");

        assertThat(none.status()).isEqualTo(200);
        assertThat(none.reported("header.ssl-client-verify")).isEqualTo("NONE");
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.reported("header.ssl-client-verify")).isNull();
    }

    @Test
    void theHostsAuthoritiesAreNamedSoAClientWithSeveralCertificatesOffersTheRightOne() throws Exception {
        Issued alice = CA.issue("CN=alice", false);
        Issued mallory = STRANGERS.issue("CN=mallory", false);

        RawHttp.Response both = get("mtls.foo.com", TestCertificates.holding(true, mallory, alice), "");
        RawHttp.Response strangerOnly = get("mtls.foo.com", TestCertificates.holding(true, mallory), "");

        assertThat(both.status()).isEqualTo(200);
        assertThat(both.reported("header.ssl-client-subject-dn")).isEqualTo("CN=alice");
        // Told which authorities count, the client keeps a certificate none of them issued to itself.
        assertThat(strangerOnly.status()).isEqualTo(400);
        assertThat(strangerOnly.body()).contains("No required SSL certificate was sent");
    }

    private RawHttp.Response get(String host, KeyManagerFactory keys, String fields) throws Exception {
        try (SSLSocket socket = TlsSockets.connect(plane.httpsPort(), host, keys); RawHttp http = new RawHttp(socket)) {
            return http.exchange("GET /x HTTP/1.1\r\nHost: " + host + "\r\n" + fields + "\r\n");
        }
    }
}
