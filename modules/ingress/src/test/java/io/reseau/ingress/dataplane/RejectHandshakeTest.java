package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static io.reseau.ingress.testing.TlsSockets.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.Objects;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.TlsSockets;
import java.nio.file.Files;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ssl-reject-handshake}: a TLS client naming no host of an Ingress rule, or no name, is refused with an
 * unrecognized_name alert before any certificate is shown; named hosts are served, with or without a TLS section.
 */
class RejectHandshakeTest {

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .rejectUnknownNames().build());

    @BeforeEach
    void start() throws Exception {
        HttpBackend backend = plane.backend(HttpBackend.start("app"));
        SelfSignedCertificate foo = new SelfSignedCertificate("foo.com", "EC", 256);
        plane.apply(new Routes().service("app", backend)
                .secret(Objects.tlsSecret("default", "foo-tls", Files.readString(foo.certificate().toPath()),
                        Files.readString(foo.privateKey().toPath())))
                .ingress(new IngressBuilder(ingress("default", "foo", "foo.com", path("Prefix", "/", "app", 80)))
                        .editSpec().addNewTl().withHosts("foo.com").withSecretName("foo-tls").endTl().endSpec()
                        .build())
                .ingress(ingress("default", "bar", "*.bar.com", path("Prefix", "/", "app", 80)))
                // A rule without a host takes every name over plain HTTP, but names none for TLS.
                .ingress(ingress("default", "any", null, path("Prefix", "/", "app", 80)))
                .table());
    }

    @Test
    void namedHostsAreServedWithTheirCertificateOrTheDefault() throws Exception {
        try (SSLSocket foo = TlsSockets.connect(plane.httpsPort(), "foo.com");
                SSLSocket bar = TlsSockets.connect(plane.httpsPort(), "api.bar.com")) {
            assertThat(subject(foo)).isEqualTo("CN=foo.com");
            assertThat(subject(bar)).isEqualTo("CN=reseau-ingress-default");
        }
    }

    @Test
    void otherNamesAndNoNameAreRefusedWithUnrecognizedName() {
        for (String name : new String[] {"other.org", "bar.com", null}) {
            assertThatThrownBy(() -> TlsSockets.connect(plane.httpsPort(), name).close()).as(String.valueOf(name))
                    .isInstanceOf(SSLException.class).hasMessageContaining("unrecognized_name");
        }
    }
}
