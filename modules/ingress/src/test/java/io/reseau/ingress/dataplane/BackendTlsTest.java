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
import io.reseau.ingress.testing.TlsSockets;
import java.util.HashMap;
import java.util.List;
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
        return checked(name, secret, serverName, Map.of());
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.Ingress checked(String name, String secret,
            String serverName, Map<String, String> more) {
        return toService(name, "secure", secret, serverName, more);
    }

    /** An Ingress {@code name.foo.com} to {@code service} over HTTPS, checked by {@code secret}'s authorities. */
    private static io.fabric8.kubernetes.api.model.networking.v1.Ingress toService(String name, String service,
            String secret, String serverName, Map<String, String> more) {
        Map<String, String> annotations = new HashMap<>(Map.of(
                "nginx.ingress.kubernetes.io/backend-protocol", "HTTPS",
                "nginx.ingress.kubernetes.io/proxy-ssl-verify", "on",
                "nginx.ingress.kubernetes.io/proxy-ssl-secret", "default/" + secret,
                "nginx.ingress.kubernetes.io/proxy-ssl-name", serverName));
        annotations.putAll(more);
        return annotated(ingress("default", name, name + ".foo.com", path("Prefix", "/", service, 80)),
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
    void autoHttpAsksTheBackendInTheSchemeTheClientUsed() throws Exception {
        HttpBackend plain = plane.backend(HttpBackend.start("plain.backend"));
        Map<String, String> auto = Map.of("nginx.ingress.kubernetes.io/backend-protocol", "AUTO_HTTP");
        plane.apply(new Routes().service("secure", backend).service("plain", plain)
                .ingress(annotated(ingress("default", "auto-tls", "auto-tls.foo.com", path("Prefix", "/", "secure",
                        80)), auto))
                .ingress(annotated(ingress("default", "auto-plain", "auto-plain.foo.com", path("Prefix", "/", "plain",
                        80)), auto))
                .table());

        // Over TLS to the TLS backend, in plain HTTP to the plain one; the other way round each fails, a TLS
        // handshake the plain backend never answers within the connect timeout (2 s here), as nginx's.
        RawHttp.Response overTls = overTls("auto-tls.foo.com");
        assertThat(overTls.status()).isEqualTo(200);
        assertThat(overTls.reported("tls")).startsWith("TLSv1.");
        assertThat(RawHttp.get(plane.httpPort(), "auto-plain.foo.com", "/x").status()).isEqualTo(200);
        assertThat(RawHttp.get(plane.httpPort(), "auto-tls.foo.com", "/x").status()).isEqualTo(502);
        assertThat(overTls("auto-plain.foo.com").status()).isEqualTo(502);
    }

    /** A GET of {@code /x} on {@code host} from a client that came over TLS. */
    private RawHttp.Response overTls(String host) throws Exception {
        try (RawHttp http = new RawHttp(TlsSockets.connect(plane.httpsPort(), host))) {
            return http.exchange("GET /x HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        }
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

    @Test
    void theNameCheckedIsSentAsSniUnlessProxySslServerNameIsOff() throws Exception {
        plane.apply(new Routes().service("secure", backend)
                .secret(opaqueSecret("default", "backend-ca", Map.of("ca.crt", backend.certificatePem())))
                .ingress(checked("checked", "backend-ca", "secure.backend"))
                .ingress(checked("quiet", "backend-ca", "secure.backend", Map.of(
                        "nginx.ingress.kubernetes.io/proxy-ssl-server-name", "off")))
                .ingress(checked("quiet-wrong-name", "backend-ca", "other.backend", Map.of(
                        "nginx.ingress.kubernetes.io/proxy-ssl-server-name", "off")))
                .table());

        assertThat(RawHttp.get(plane.httpPort(), "checked.foo.com", "/x").reported("tls.sni"))
                .isEqualTo("secure.backend");
        RawHttp.Response quiet = RawHttp.get(plane.httpPort(), "quiet.foo.com", "/x");
        assertThat(quiet.status()).isEqualTo(200);
        assertThat(quiet.body()).doesNotContain("tls.sni=");
        // The name is checked all the same.
        assertThat(RawHttp.get(plane.httpPort(), "quiet-wrong-name.foo.com", "/x").status()).isEqualTo(502);
    }

    @Test
    void proxySslProtocolsAndCiphersChooseWhatIsOfferedToTheBackend() throws Exception {
        plane.apply(new Routes().service("secure", backend)
                .secret(opaqueSecret("default", "backend-ca", Map.of("ca.crt", backend.certificatePem())))
                .ingress(checked("aes128", "backend-ca", "secure.backend", Map.of(
                        "nginx.ingress.kubernetes.io/proxy-ssl-protocols", "TLSv1.2",
                        "nginx.ingress.kubernetes.io/proxy-ssl-ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256")))
                .ingress(checked("aes256", "backend-ca", "secure.backend", Map.of(
                        "nginx.ingress.kubernetes.io/proxy-ssl-protocols", "TLSv1.2",
                        "nginx.ingress.kubernetes.io/proxy-ssl-ciphers", "HIGH:ECDHE-ECDSA-AES256-GCM-SHA384")))
                .ingress(checked("rsa-only", "backend-ca", "secure.backend", Map.of(
                        "nginx.ingress.kubernetes.io/proxy-ssl-protocols", "TLSv1.2",
                        "nginx.ingress.kubernetes.io/proxy-ssl-ciphers", "ECDHE-RSA-AES128-GCM-SHA256")))
                .table());

        RawHttp.Response aes128 = RawHttp.get(plane.httpPort(), "aes128.foo.com", "/x");
        assertThat(aes128.reported("tls")).isEqualTo("TLSv1.2");
        assertThat(aes128.reported("tls.cipher")).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(RawHttp.get(plane.httpPort(), "aes256.foo.com", "/x").reported("tls.cipher"))
                .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        // The backend's key is EC: no suite offered suits it.
        assertThat(RawHttp.get(plane.httpPort(), "rsa-only.foo.com", "/x").status()).isEqualTo(502);
    }

    @Test
    void aChainThroughAnIntermediateNeedsAVerifyDepthOfTwo() throws Exception {
        Issued root = Issued.authority("backend-root");
        Issued leaf = root.issue("CN=backend-intermediate", true).issue("CN=chained.backend", false);
        HttpBackend chained = plane.backend(HttpBackend.startTls("chained.backend", leaf));
        plane.apply(new Routes().service("chained", chained)
                .secret(opaqueSecret("default", "root-ca", Map.of("ca.crt", root.pem())))
                .ingress(toService("depth-one", "chained", "root-ca", "chained.backend", Map.of()))
                .ingress(toService("depth-two", "chained", "root-ca", "chained.backend", Map.of(
                        "nginx.ingress.kubernetes.io/proxy-ssl-verify-depth", "2")))
                .table());

        assertThat(RawHttp.get(plane.httpPort(), "depth-one.foo.com", "/x").status()).isEqualTo(502);
        assertThat(chained.requests()).isZero();
        RawHttp.Response deepEnough = RawHttp.get(plane.httpPort(), "depth-two.foo.com", "/x");
        assertThat(deepEnough.status()).isEqualTo(200);
        assertThat(deepEnough.reported("backend")).isEqualTo("chained.backend");
    }

    @Test
    void theSecretsCertificateIsPresentedToABackendThatAsksForOneCheckedOrNot() throws Exception {
        Issued clients = Issued.authority("clients");
        Issued ingressCertificate = clients.issue("CN=reseau-ingress", false);
        HttpBackend mutual = plane.backend(HttpBackend.startMutualTls("mutual.backend", clients.certificate()));
        String authority = mutual.certificatePem();
        List<DataPlane.CertificateProblem> problems = plane.apply(new Routes().service("mutual", mutual)
                .secret(opaqueSecret("default", "with-certificate", Map.of("ca.crt", authority,
                        "tls.crt", ingressCertificate.pem(), "tls.key", ingressCertificate.keyPem())))
                .secret(opaqueSecret("default", "authority-only", Map.of("ca.crt", authority)))
                .secret(opaqueSecret("default", "unreadable-key", Map.of("ca.crt", authority,
                        "tls.crt", ingressCertificate.pem(), "tls.key", "not a key")))
                .ingress(toMutual("presents", "with-certificate"))
                .ingress(toMutual("presents-nothing", "authority-only"))
                .ingress(toMutual("cannot-present", "unreadable-key"))
                .secret(opaqueSecret("default", "certificate-only", Map.of(
                        "tls.crt", ingressCertificate.pem(), "tls.key", ingressCertificate.keyPem())))
                .ingress(annotated(ingress("default", "unchecked-presents", "unchecked-presents.foo.com",
                        path("Prefix", "/", "mutual", 80)), Map.of(
                                "nginx.ingress.kubernetes.io/backend-protocol", "HTTPS",
                                "nginx.ingress.kubernetes.io/proxy-ssl-secret", "certificate-only")))
                .table());

        RawHttp.Response presented = RawHttp.get(plane.httpPort(), "presents.foo.com", "/x");

        assertThat(presented.status()).isEqualTo(200);
        assertThat(presented.reported("tls.client")).isEqualTo("CN=reseau-ingress");
        // Without proxy-ssl-verify the certificate is presented all the same (the backend's is not checked).
        assertThat(RawHttp.get(plane.httpPort(), "unchecked-presents.foo.com", "/x").reported("tls.client"))
                .isEqualTo("CN=reseau-ingress");
        assertThat(RawHttp.get(plane.httpPort(), "presents-nothing.foo.com", "/x").status()).isEqualTo(502);
        assertThat(RawHttp.get(plane.httpPort(), "cannot-present.foo.com", "/x").status()).isEqualTo(502);
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.certificate().secret()).isEqualTo("default/unreadable-key");
            assertThat(problem.consequence()).contains("without a client certificate");
        });
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.Ingress toMutual(String name, String secret) {
        return toService(name, "mutual", secret, "mutual.backend", Map.of());
    }
}
