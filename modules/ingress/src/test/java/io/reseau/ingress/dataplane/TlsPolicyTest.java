package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.reseau.ingress.model.TlsPolicy;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.TlsSockets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ssl-protocols} and {@code ssl-ciphers} (the controller's and a host's) over real sockets: the versions and
 * TLS 1.2 suites a client may handshake with (the default certificate is EC, so the ECDSA suites), whose order
 * of them wins ({@code ssl-prefer-server-ciphers}), and the key exchange groups offered ({@code ssl-ecdh-curve}).
 */
class TlsPolicyTest {

    private static final String AES128 = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    private static final String AES256 = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .tls(new TlsPolicy(List.of("TLSv1.2", "TLSv1.3"), List.of(AES256))).build());

    /** Both suites, AES256 first, and the client's order preferred unless a host says otherwise. */
    @RegisterExtension
    final LoopbackPlane clientOrder = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .tls(new TlsPolicy(List.of("TLSv1.2", "TLSv1.3"), List.of(AES256, AES128))).clientCipherOrder().build());

    /** ssl-ecdh-curve: X25519:prime256v1. */
    @RegisterExtension
    final LoopbackPlane twoGroups = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .groups(List.of("X25519", "P-256")).build());

    @RegisterExtension
    final LoopbackPlane tls13Only = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .tls(new TlsPolicy(List.of("TLSv1.3"), List.of())).build());

    /** AES128 preferred to AES256, as a client offering both says. */
    private static final List<String> AES128_FIRST = List.of(AES128, AES256);

    /** Serves these Ingresses, each naming its host's path {@code /} to the same app. */
    private static void serve(LoopbackPlane plane, Ingress... ingresses) {
        Routes routes = new Routes().service("app", 8080, "127.0.0.1");
        for (Ingress ingress : ingresses) {
            routes.ingress(ingress);
        }
        plane.apply(routes.table());
    }

    /** An Ingress named {@code name} routing {@code host}'s path {@code /} to the app, with these annotations. */
    private static Ingress host(String name, String host, Map<String, String> annotations) {
        return annotated(ingress("default", name, host, path("Prefix", "/", "app", 80)), annotations);
    }

    @Test
    void tls12ClientsGetOnlyTheChosenSuitesAndTls13ItsOwn() throws Exception {
        try (SSLSocket chosen = TlsSockets.offering(plane.httpsPort(), List.of(AES256), "TLSv1.2");
                SSLSocket tls13 = TlsSockets.offering(plane.httpsPort(), List.of(), "TLSv1.3")) {
            assertThat(chosen.getSession().getCipherSuite()).isEqualTo(AES256);
            assertThat(tls13.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        assertThatThrownBy(() -> TlsSockets.offering(plane.httpsPort(), List.of(AES128), "TLSv1.2").close())
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aHostWithItsOwnSslCiphersOffersThoseAndTheOthersTheControllers() throws Exception {
        serve(plane, host("legacy", "legacy.test",
                        Map.of("nginx.ingress.kubernetes.io/ssl-ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256")),
                host("modern", "modern.test", Map.of()));

        try (SSLSocket legacy = TlsSockets.offering(plane.httpsPort(), "legacy.test", List.of(AES128), "TLSv1.2");
                SSLSocket modern = TlsSockets.offering(plane.httpsPort(), "modern.test", List.of(AES256), "TLSv1.2");
                SSLSocket tls13 = TlsSockets.offering(plane.httpsPort(), "legacy.test", List.of(), "TLSv1.3")) {
            assertThat(legacy.getSession().getCipherSuite()).isEqualTo(AES128);
            assertThat(modern.getSession().getCipherSuite()).isEqualTo(AES256);
            assertThat(tls13.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        assertThatThrownBy(() -> TlsSockets.offering(plane.httpsPort(), "legacy.test", List.of(AES256), "TLSv1.2")
                .close()).isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> TlsSockets.offering(plane.httpsPort(), "modern.test", List.of(AES128), "TLSv1.2")
                .close()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aHostThatDoesNotPreferTheServersCiphersTakesTheClientsFirstChoice() throws Exception {
        String bothSuites = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256";
        serve(plane, host("client", "client.test", Map.of("nginx.ingress.kubernetes.io/ssl-ciphers", bothSuites,
                        "nginx.ingress.kubernetes.io/ssl-prefer-server-ciphers", "false")),
                host("server", "server.test", Map.of("nginx.ingress.kubernetes.io/ssl-ciphers", bothSuites)));

        try (SSLSocket client = TlsSockets.offering(plane.httpsPort(), "client.test", AES128_FIRST, "TLSv1.2");
                SSLSocket server = TlsSockets.offering(plane.httpsPort(), "server.test", AES128_FIRST, "TLSv1.2")) {
            assertThat(client.getSession().getCipherSuite()).isEqualTo(AES128);
            assertThat(server.getSession().getCipherSuite()).isEqualTo(AES256);
        }
    }

    @Test
    void theControllersChoiceOfOrderHoldsForHostsThatDoNotSay() throws Exception {
        serve(clientOrder, host("server", "server.test", Map.of("reseau.io/ssl-prefer-server-ciphers", "true")),
                host("plain", "plain.test", Map.of()));

        try (SSLSocket server = TlsSockets.offering(clientOrder.httpsPort(), "server.test", AES128_FIRST, "TLSv1.2");
                SSLSocket plain = TlsSockets.offering(clientOrder.httpsPort(), "plain.test", AES128_FIRST, "TLSv1.2");
                SSLSocket unnamed = TlsSockets.offering(clientOrder.httpsPort(), AES128_FIRST, "TLSv1.2")) {
            assertThat(server.getSession().getCipherSuite()).isEqualTo(AES256);
            assertThat(plain.getSession().getCipherSuite()).isEqualTo(AES128);
            assertThat(unnamed.getSession().getCipherSuite()).isEqualTo(AES128);
        }
    }

    @Test
    void onlyTheChosenKeyExchangeGroupsAreOffered() throws Exception {
        try (SSLSocket x25519 = TlsSockets.offeringGroups(twoGroups.httpsPort(), "x25519");
                SSLSocket p256 = TlsSockets.offeringGroups(twoGroups.httpsPort(), "secp256r1");
                SSLSocket p384ByDefault = TlsSockets.offeringGroups(plane.httpsPort(), "secp384r1")) {
            assertThat(List.of(x25519, p256, p384ByDefault)).allSatisfy(socket ->
                    assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3"));
        }
        assertThatThrownBy(() -> TlsSockets.offeringGroups(twoGroups.httpsPort(), "secp384r1").close())
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aVersionLeftOutIsRefused() throws Exception {
        try (SSLSocket tls13 = TlsSockets.offering(tls13Only.httpsPort(), List.of(), "TLSv1.3")) {
            assertThat(tls13.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        assertThatThrownBy(() -> TlsSockets.offering(tls13Only.httpsPort(), List.of(), "TLSv1.2").close())
                .isInstanceOf(SSLHandshakeException.class);
    }
}
