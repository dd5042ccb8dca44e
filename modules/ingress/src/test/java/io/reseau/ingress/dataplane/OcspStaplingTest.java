package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.Objects;
import io.reseau.ingress.testing.OcspResponder;
import io.reseau.ingress.testing.OpensslClient;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.TestCertificates.Issued;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code enable-ocsp}: the certificate's OCSP answer, fetched from the responder its certificate names, stapled to
 * handshakes, as {@code openssl s_client -status} sees them.
 */
class OcspStaplingTest {

    private static final Issued CA = Issued.authority("ocsp-ca");

    @RegisterExtension
    final LoopbackPlane stapling = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder().ocspStapling()
            .build());

    @RegisterExtension
    final LoopbackPlane plain = new LoopbackPlane();

    private final OcspResponder responder = OcspResponder.start(CA);

    @AfterEach
    void stopResponder() {
        responder.close();
    }

    @Test
    void aGoodAnswerFromTheCertificatesResponderIsStapled() throws Exception {
        Issued shop = CA.issue("CN=shop.example", OcspResponder.responderAt(responder.uri()));
        stapling.apply(table(stapling, shop));

        await().atMost(Duration.ofSeconds(10)).until(() -> responder.asked() > 0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(status(stapling, "-tls1_3"))
                .contains("OCSP Response Status: successful", "Cert Status: good", "HTTP/1.1 200"));
        assertThat(status(stapling, "-tls1_2")).contains("Cert Status: good", "HTTP/1.1 200");
    }

    @Test
    void hostsOfOneSecretServedWithOtherCiphersShareOneFetch() throws Exception {
        Issued shop = CA.issue("CN=shop.example", OcspResponder.responderAt(responder.uri()));
        Ingress admin = new IngressBuilder(ingress("default", "admin", "admin.example",
                path("Prefix", "/", "app", 80)))
                .editMetadata().addToAnnotations("nginx.ingress.kubernetes.io/ssl-ciphers",
                        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256").endMetadata()
                .editSpec().addNewTl().withHosts("admin.example").withSecretName("shop-tls").endTl().endSpec().build();
        stapling.apply(new Routes().service("app", stapling.backend(HttpBackend.start("app")))
                .secret(Objects.tlsSecret("default", "shop-tls", shop.pem() + CA.pem(), shop.keyPem()))
                .ingress(tlsIngress()).ingress(admin).table());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(status(stapling, "-tls1_3"))
                .contains("Cert Status: good"));
        assertThat(OpensslClient.get(stapling.httpsPort(), "admin.example", "-tls1_2", "-status"))
                .contains("Cert Status: good", "ECDHE-", "HTTP/1.1 200");
        assertThat(responder.asked()).isEqualTo(1);
    }

    @Test
    void anAnswerSignedByADelegatedResponderIsStapled() throws Exception {
        Issued signer = CA.issue("CN=ocsp-signer", OcspResponder.ocspSigning());
        try (OcspResponder delegated = OcspResponder.delegated(CA, signer)) {
            Issued shop = CA.issue("CN=shop.example", OcspResponder.responderAt(delegated.uri()));
            stapling.apply(table(stapling, shop));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(status(stapling, "-tls1_3"))
                    .contains("Cert Status: good"));
        }
    }

    @Test
    void aRevokedCertificatesAnswerOrAFailingResponderStaplesNothingAndTheHandshakeGoesOn() throws Exception {
        Issued revoked = CA.issue("CN=shop.example", OcspResponder.responderAt(responder.uri()));
        responder.revoke(revoked);
        stapling.apply(table(stapling, revoked));
        await().atMost(Duration.ofSeconds(10)).until(() -> responder.asked() > 0);

        assertThat(status(stapling, "-tls1_3")).contains("OCSP response: no response sent", "HTTP/1.1 200");

        responder.failWith(500);
        Issued renewed = CA.issue("CN=shop.example", OcspResponder.responderAt(responder.uri()));
        int before = responder.asked();
        stapling.apply(table(stapling, renewed));
        await().atMost(Duration.ofSeconds(10)).until(() -> responder.asked() > before);

        assertThat(status(stapling, "-tls1_3")).contains("OCSP response: no response sent", "HTTP/1.1 200");
    }

    @Test
    void withoutEnableOcspNoResponderIsAskedAndNothingStapled() throws Exception {
        Issued shop = CA.issue("CN=shop.example", OcspResponder.responderAt(responder.uri()));
        plain.apply(table(plain, shop));

        assertThat(status(plain, "-tls1_3")).contains("OCSP response: no response sent", "HTTP/1.1 200");
        assertThat(responder.asked()).isZero();
    }

    @Test
    void aChainWithoutTheIssuerAsksNoResponder() throws Exception {
        Issued shop = CA.issue("CN=shop.example", OcspResponder.responderAt(responder.uri()));
        stapling.apply(new Routes().service("app", stapling.backend(HttpBackend.start("app")))
                .secret(Objects.tlsSecret("default", "shop-tls", shop.pem(), shop.keyPem()))
                .ingress(tlsIngress()).table());

        assertThat(status(stapling, "-tls1_3")).contains("OCSP response: no response sent", "HTTP/1.1 200");
        assertThat(responder.asked()).isZero();
    }

    /** What {@code openssl s_client -status} prints for a GET of shop.example. */
    private static String status(LoopbackPlane plane, String version) throws Exception {
        return OpensslClient.get(plane.httpsPort(), "shop.example", version, "-status");
    }

    /** shop.example over TLS with {@code certificate}, its Secret's chain holding its issuer as tls.crt does. */
    private static RoutingTable table(LoopbackPlane plane, Issued certificate) throws Exception {
        return new Routes().service("app", plane.backend(HttpBackend.start("app")))
                .secret(Objects.tlsSecret("default", "shop-tls", certificate.pem() + CA.pem(),
                        certificate.keyPem()))
                .ingress(tlsIngress())
                .table();
    }

    /** shop.example, its certificate in the Secret shop-tls. */
    private static Ingress tlsIngress() {
        return new IngressBuilder(ingress("default", "shop", "shop.example", path("Prefix", "/", "app", 80)))
                .editSpec().addNewTl().withHosts("shop.example").withSecretName("shop-tls").endTl().endSpec().build();
    }
}
