package io.reseau.ingress.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.testing.MockApiServer;
import io.reseau.ingress.compute.IngressAdmission;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.testing.TestCertificates;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The certificate reseau keeps for its webhook, against the mock API server: made once, its authority registered
 * as the caBundle, and served so that a client trusting that caBundle and naming the Service, as the API server
 * does, completes the handshake.
 */
class WebhookSecretTest {

    private static final String CONFIGURATION = "reseau-ingress-test";
    private static final ObjectKey SECRET = new ObjectKey("reseau-system", "reseau-ingress-admission");
    private static final String SERVICE_NAME = "reseau-ingress-admission.reseau-system.svc";

    private MockApiServer api;
    private KubernetesClient kube;

    @BeforeEach
    void start() {
        api = MockApiServer.start();
        kube = api.newClient();
    }

    @AfterEach
    void stop() {
        kube.close();
        api.close();
    }

    private void register() {
        kube.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(CONFIGURATION).endMetadata()
                        .addNewWebhook().withName("validate.ingress.reseau.io").withAdmissionReviewVersions("v1")
                        .withSideEffects("None").withNewClientConfig().withNewService()
                        .withNamespace("reseau-system").withName("reseau-ingress-admission")
                        .withPath(AdmissionServer.PATH).withPort(443).endService().endClientConfig().endWebhook()
                        .build()).create();
    }

    private ValidatingWebhookConfiguration registered() {
        return kube.admissionRegistration().v1().validatingWebhookConfigurations().withName(CONFIGURATION).get();
    }

    private Secret stored() {
        return kube.secrets().inNamespace(SECRET.namespace()).withName(SECRET.name()).get();
    }

    private WebhookSecret source() {
        return new WebhookSecret(kube, SECRET, CONFIGURATION);
    }

    private static X509Certificate certificate(String base64Pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
    }

    /** The certificate presented to a client trusting {@code authority} and asking for {@code name}. */
    private static X509Certificate handshake(int port, X509Certificate authority, String name) throws Exception {
        Socket plain = new Socket("127.0.0.1", port);
        try (SSLSocket tls = (SSLSocket) AdmissionServerTest.trusting(authority).getSocketFactory()
                .createSocket(plain, name, port, true)) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return (X509Certificate) tls.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void theFirstReplicaMakesTheCertificateRegistersItsAuthorityAndServesIt() throws Exception {
        register();
        Vertx vertx = Vertx.vertx();
        try {
            AdmissionServer webhook = AdmissionServer.start(vertx, AdmissionServerTest.SETTINGS, source(),
                    ingress -> Optional.of(IngressAdmission.Verdict.UNJUDGED), new SimpleMeterRegistry());
            Secret made = stored();
            String caBundle = registered().getWebhooks().getFirst().getClientConfig().getCaBundle();

            X509Certificate presented = handshake(webhook.port(), certificate(caBundle), SERVICE_NAME);
            ServedCertificate again = new WebhookSecret(kube, SECRET, CONFIGURATION).read();

            assertThat(made.getType()).isEqualTo("kubernetes.io/tls");
            assertThat(caBundle).isEqualTo(made.getData().get("ca.crt"));
            assertThat(presented).isEqualTo(certificate(made.getData().get("tls.crt")));
            assertThat(presented.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                    .containsExactly(SERVICE_NAME, SERVICE_NAME + ".cluster.local");
            assertThat(again.certificatePem()).isEqualTo(new String(Base64.getDecoder().decode(
                    made.getData().get("tls.crt")), StandardCharsets.US_ASCII));
            assertThat(stored().getMetadata().getResourceVersion())
                    .isEqualTo(made.getMetadata().getResourceVersion());
            webhook.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void aConfigurationAppliedAMomentAfterTheStartIsWaitedFor() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<AdmissionServer> started = CompletableFuture.supplyAsync(() -> {
                try {
                    return AdmissionServer.start(vertx, new AdmissionServer.Settings("127.0.0.1", 0,
                            Duration.ofMinutes(1), Duration.ofSeconds(20)), source(),
                            ingress -> Optional.of(IngressAdmission.Verdict.UNJUDGED), new SimpleMeterRegistry());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1_500);
            boolean waiting = !started.isDone();
            register();

            AdmissionServer webhook = started.get(30, TimeUnit.SECONDS);

            assertThat(waiting).isTrue();
            assertThat(handshake(webhook.port(), certificate(registered().getWebhooks().getFirst().getClientConfig()
                    .getCaBundle()), SERVICE_NAME)).isEqualTo(certificate(stored().getData().get("tls.crt")));
            webhook.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void aSecretSomeoneElseMadeIsServedAsItIsAndItsAuthorityRegistered() throws Exception {
        register();
        TestCertificates.Issued authority = TestCertificates.Issued.authority("cert-manager's");
        TestCertificates.Issued issued = authority.issue("CN=" + SERVICE_NAME, false);
        Base64.Encoder base64 = Base64.getEncoder();
        kube.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace(SECRET.namespace())
                .withName(SECRET.name()).endMetadata().withType("kubernetes.io/tls")
                .addToData("ca.crt", base64.encodeToString(authority.pem().getBytes(StandardCharsets.US_ASCII)))
                .addToData("tls.crt", base64.encodeToString(issued.pem().getBytes(StandardCharsets.US_ASCII)))
                .addToData("tls.key", base64.encodeToString(issued.keyPem().getBytes(StandardCharsets.US_ASCII)))
                .build()).create();

        ServedCertificate served = source().read();

        assertThat(served).isEqualTo(new ServedCertificate(issued.pem(), issued.keyPem()));
        assertThat(certificate(registered().getWebhooks().getFirst().getClientConfig().getCaBundle()))
                .isEqualTo(authority.certificate());
    }

    @Test
    void aCaBundleEmptiedByAnUpgradeIsSetAgain() throws Exception {
        register();
        source().read();
        String caBundle = registered().getWebhooks().getFirst().getClientConfig().getCaBundle();
        kube.admissionRegistration().v1().validatingWebhookConfigurations().withName(CONFIGURATION).edit(config -> {
            config.getWebhooks().getFirst().getClientConfig().setCaBundle(null);
            return config;
        });

        source().read();

        assertThat(registered().getWebhooks().getFirst().getClientConfig().getCaBundle()).isEqualTo(caBundle);
    }

    @Test
    void withoutItsConfigurationNothingIsMadeAndTheErrorNamesIt() {
        assertThatThrownBy(() -> source().read()).isInstanceOf(IOException.class)
                .hasMessage("ValidatingWebhookConfiguration " + CONFIGURATION + " not found");
        assertThat(stored()).isNull();
    }
}
