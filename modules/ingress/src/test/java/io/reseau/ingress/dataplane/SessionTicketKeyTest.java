package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.Objects;
import io.reseau.ingress.testing.OpensslClient;
import io.reseau.ingress.testing.Routes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ssl-session-ticket-key}: replicas given the same key resume each other's TLS sessions, as clients behind a
 * load balancer need; replicas with keys of their own do not. Four data planes stand for two pairs of replicas.
 */
class SessionTicketKeyTest {

    /** 48 bytes, as {@code openssl rand -base64 48} makes them. */
    private static final String KEY = "uXy+2+OkGGmc76PL1hoLlyfQLDhY4P1u9WOlCiZvmfeCYgMig4Js9bKO6p4rCSIR";

    private static DataPlaneSettings withKey() {
        SessionResumption resumption = SessionResumption.DEFAULT;
        return DataPlaneSettings.loopback(0, 0).toBuilder().resumption(new SessionResumption(resumption.timeout(),
                true, Optional.of(SessionResumption.ticketKey(KEY)), resumption.cachedSessions())).build();
    }

    @RegisterExtension
    final LoopbackPlane keyed = new LoopbackPlane(withKey());
    @RegisterExtension
    final LoopbackPlane keyedToo = new LoopbackPlane(withKey());
    @RegisterExtension
    final LoopbackPlane own = new LoopbackPlane();
    @RegisterExtension
    final LoopbackPlane ownToo = new LoopbackPlane();

    @Test
    void replicasSharingTheKeyResumeEachOthersSessionsAndOthersDoNot() throws Exception {
        RoutingTable table = table(keyed.backend(HttpBackend.start("app")));
        for (LoopbackPlane plane : List.of(keyed, keyedToo, own, ownToo)) {
            plane.apply(table);
        }

        for (String version : List.of("-tls1_2", "-tls1_3")) {
            assertThat(resumedOn(keyed, keyedToo, version)).as("shared key, " + version).contains("Reused, TLSv1.");
            assertThat(resumedOn(own, ownToo, version)).as("own keys, " + version).contains("New, TLSv1.");
        }
    }

    @Test
    void aKeyOtherThan48BytesOfBase64IsRefusedWithWhy() {
        assertThatThrownBy(() -> SessionResumption.ticketKey("c2hvcnQ=")).hasMessageContaining("48 bytes");
        assertThatThrownBy(() -> SessionResumption.ticketKey("A".repeat(107) + "="))
                .hasMessageContaining("80-byte keys");
        assertThatThrownBy(() -> SessionResumption.ticketKey("not base64!"))
                .hasMessageContaining("not base64");
    }

    /** What the client prints when it takes a session from {@code first} to {@code second}. */
    static String resumedOn(LoopbackPlane first, LoopbackPlane second, String version) throws Exception {
        Path session = Files.createTempFile("tls-session", ".pem");
        try {
            assertThat(OpensslClient.get(first.httpsPort(), "shop.example", version, "-sess_out", session))
                    .contains("New, TLSv1.", "HTTP/1.1 200");
            return OpensslClient.get(second.httpsPort(), "shop.example", version, "-sess_in", session);
        } finally {
            Files.delete(session);
        }
    }

    /** shop.example over TLS with a certificate of its own, served by {@code backend}. */
    static RoutingTable table(HttpBackend backend) throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("shop.example", "EC", 256);
        try {
            return new Routes().service("app", backend)
                    .secret(Objects.tlsSecret("default", "shop-tls", Files.readString(certificate.certificate()
                            .toPath()), Files.readString(certificate.privateKey().toPath())))
                    .ingress(new IngressBuilder(ingress("default", "shop", "shop.example",
                            path("Prefix", "/", "app", 80))).editSpec().addNewTl().withHosts("shop.example")
                            .withSecretName("shop-tls").endTl().endSpec().build())
                    .table();
        } finally {
            certificate.delete();
        }
    }
}
