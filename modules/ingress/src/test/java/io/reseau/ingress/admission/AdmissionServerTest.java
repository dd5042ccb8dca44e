package io.reseau.ingress.admission;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.ourClass;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.testing.MockApiServer;
import io.reseau.ingress.IngressController;
import io.reseau.ingress.compute.StreamServices;
import io.reseau.ingress.dataplane.DataPlane;
import io.reseau.ingress.dataplane.DataPlaneSettings;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.testing.Objects;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.TestCertificates;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook over HTTPS as the API server calls it: AdmissionReviews as JSON text to its certificate (verified
 * against the authority a {@code caBundle} would hold), judged against the objects the controller read from the
 * mock API server.
 */
class AdmissionServerTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** On loopback, reading the certificate again every 100 ms, failing at once if it cannot be read at start. */
    static final AdmissionServer.Settings SETTINGS = new AdmissionServer.Settings("127.0.0.1", 0,
            Duration.ofMillis(100), Duration.ZERO);

    @TempDir
    Path files;

    private MockApiServer api;
    private KubernetesClient kube;
    private ControllerRuntime runtime;
    private DataPlane plane;
    private IngressController controller;
    private Vertx vertx;
    private MeterRegistry meters;
    private AdmissionServer webhook;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        api = MockApiServer.start();
        kube = api.newClient();
        kube.network().v1().ingressClasses().resource(ourClass(true)).create();
        kube.services().resource(Objects.service("default", "web", 80)).create();
        kube.network().v1().ingresses().resource(ingress("default", "owner", "a.com", path("Prefix", "/", "web", 80)))
                .create();
        runtime = new ControllerRuntime(kube, new SimpleMeterRegistry(), ControllerRuntime.Settings.defaults());
        plane = new DataPlane(DataPlaneSettings.loopback(0, 0), request -> { });
        plane.start();
        controller = new IngressController(runtime, new IngressController.Settings(Routes.SETTINGS,
                new StreamServices.Settings(Optional.empty(), Optional.empty(), Set.of(plane.httpPort()),
                        Duration.ofSeconds(2), Duration.ofSeconds(10), 1, NextUpstream.DEFAULT, Locality.UNKNOWN),
                new IngressController.GlobalFields(Optional.empty(), Optional.empty(), false), Optional.empty(),
                Duration.ofMillis(50), Duration.ofMinutes(10), "test", Optional.empty()), plane);
        TestCertificates.Issued authority = TestCertificates.Issued.authority("webhook authority");
        TestCertificates.Issued served = authority.issue("CN=localhost", false);
        Files.writeString(files.resolve("tls.crt"), served.pem());
        Files.writeString(files.resolve("tls.key"), served.keyPem());
        vertx = Vertx.vertx();
        meters = new SimpleMeterRegistry();
        webhook = AdmissionServer.start(vertx, SETTINGS, files(files.resolve("tls.crt")), controller::review, meters);
        client = HttpClient.newBuilder().sslContext(trusting(authority.certificate())).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private PemFiles files(Path certificate) {
        return new PemFiles(certificate, files.resolve("tls.key"));
    }

    /** TLS that trusts only these authorities, as the API server trusts a caBundle. */
    static SSLContext trusting(X509Certificate... authorities) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        for (X509Certificate authority : authorities) {
            trusted.setCertificateEntry("authority-" + trusted.size(), authority);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @AfterEach
    void stop() {
        webhook.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        controller.close();
        runtime.close();
        plane.close();
        kube.close();
        api.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + webhook.port()
                + AdmissionServer.PATH)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An AdmissionReview as the API server writes it, asking about this object. */
    private static String review(String uid, String operation, String group, String kind, Object object) {
        return """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                 "request": {"uid": "%s", "operation": "%s",
                   "kind": {"group": "%s", "version": "v1", "kind": "%s"},
                   "resource": {"group": "%s", "version": "v1", "resource": "things"},
                   "userInfo": {"username": "kubernetes-admin"},
                   "object": %s}}""".formatted(uid, operation, group, kind, group, JSON.asJson(object));
    }

    /** The review of a new Ingress (its creation time is the API server's to set). */
    private static String ingressReview(String uid, Ingress ingress) {
        return review(uid, "CREATE", "networking.k8s.io", "Ingress", new IngressBuilder(ingress).editMetadata()
                .withCreationTimestamp(null).endMetadata().build());
    }

    private AdmissionResponse answer(String body) throws Exception {
        HttpResponse<String> response = post(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        AdmissionReview review = JSON.unmarshal(response.body(), AdmissionReview.class);
        assertThat(review.getApiVersion()).isEqualTo("admission.k8s.io/v1");
        assertThat(review.getKind()).isEqualTo("AdmissionReview");
        return review.getResponse();
    }

    private void synced() {
        controller.start().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> controller.completedSyncs() > 0);
    }

    @Test
    void answers503UntilTheControllerHasReadTheClusterThenJudges() throws Exception {
        Ingress late = ingress("team-b", "late", "a.com", path("Prefix", "/", "web", 80));

        HttpResponse<String> early = post(ingressReview("u-1", late));
        synced();
        AdmissionResponse judged = answer(ingressReview("u-2", late));

        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(early.body()).contains("has not read the cluster's objects yet");
        assertThat(judged.getUid()).isEqualTo("u-2");
        assertThat(judged.getAllowed()).isFalse();
        assertThat(judged.getStatus().getCode()).isEqualTo(400);
        assertThat(judged.getStatus().getMessage()).isEqualTo("RouteConflict: host 'a.com' path / (Prefix) is"
                + " already routed by the older Ingress default/owner; this route is not used");
        assertThat(meters.counter("reseau.ingress.admission.reviews", "verdict", "refused").count()).isEqualTo(1);
    }

    @Test
    void anIngressWhoseServiceIsNotThereYetIsAllowedWithTheWarning() throws Exception {
        synced();

        AdmissionResponse judged = answer(ingressReview("u-3", ingress("default", "early", "b.com",
                path("Prefix", "/", "later", 80))));

        assertThat(judged.getAllowed()).isTrue();
        assertThat(judged.getStatus()).isNull();
        assertThat(judged.getWarnings()).containsExactly(
                "ServiceNotFound: Service default/later does not exist; its requests are answered 503");
        assertThat(meters.counter("reseau.ingress.admission.reviews", "verdict", "allowed").count()).isEqualTo(1);
    }

    @Test
    void whatIsNotAnIngressBeingWrittenIsAllowedUnjudged() throws Exception {
        synced();
        Ingress conflicting = ingress("team-b", "late", "a.com", path("Prefix", "/", "web", 80));

        assertThat(answer(review("u-4", "DELETE", "networking.k8s.io", "Ingress", conflicting)).getAllowed())
                .isTrue();
        assertThat(answer(review("u-5", "CREATE", "", "Service", Objects.service("default", "x", 80)))
                .getAllowed()).isTrue();
    }

    @Test
    void badRequestsGetAClearErrorAndTheServerGoesOn() throws Exception {
        synced();

        HttpResponse<String> notJson = post("{ this is not json");
        HttpResponse<String> noRequest = post("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}");
        HttpResponse<String> notAnIngress = post(review("u-7", "CREATE", "networking.k8s.io", "Ingress",
                Map.of("spec", "a text where an object belongs")));
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                + webhook.port() + AdmissionServer.PATH)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).startsWith("not an AdmissionReview: ");
        assertThat(noRequest.statusCode()).isEqualTo(400);
        assertThat(noRequest.body()).contains("without a request");
        assertThat(notAnIngress.statusCode()).isEqualTo(400);
        assertThat(notAnIngress.body()).startsWith("the object reviewed is not an Ingress: ");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(answer(ingressReview("u-6", ingress("default", "fine", "c.com", path("Prefix", "/", "web", 80))))
                .getAllowed()).isTrue();
    }

    @Test
    void aCertificateThatCannotBeReadStopsTheStartNamingIt() {
        Path missing = files.resolve("missing.crt");

        assertThatThrownBy(() -> AdmissionServer.start(vertx, SETTINGS, files(missing), controller::review, meters))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("validating-webhook: cannot listen").hasMessageContaining(missing.toString());
    }

    @Test
    void aPortInUseStopsTheStartNamingIt() {
        AdmissionServer.Settings taken = new AdmissionServer.Settings("127.0.0.1", webhook.port(),
                Duration.ofMinutes(1), Duration.ZERO);

        assertThatThrownBy(() -> AdmissionServer.start(vertx, taken, files(files.resolve("tls.crt")),
                controller::review, meters)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("validating-webhook: cannot listen on 127.0.0.1:" + webhook.port());
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestartAndUnusableFilesKeepTheLastOne() throws Exception {
        synced();
        TestCertificates.Issued renewing = TestCertificates.Issued.authority("renewed authority");
        TestCertificates.Issued renewed = renewing.issue("CN=localhost", false);
        HttpRequest probe = HttpRequest.newBuilder(URI.create("https://localhost:" + webhook.port()
                + AdmissionServer.PATH)).build();

        Files.writeString(files.resolve("tls.key"), renewed.keyPem());
        Files.writeString(files.resolve("tls.crt"), renewed.pem());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> HttpClient.newBuilder()
                .sslContext(trusting(renewing.certificate())).build().send(probe, HttpResponse.BodyHandlers.ofString())
                .statusCode() == 405);
        Files.writeString(files.resolve("tls.crt"), "not a certificate");
        Thread.sleep(500);

        assertThat(HttpClient.newBuilder().sslContext(trusting(renewing.certificate())).build()
                .send(probe, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void theAddressIsIngressNginxs() {
        assertThat(AdmissionServer.Settings.of(":8443", "::"))
                .isEqualTo(new AdmissionServer.Settings("::", 8443, AdmissionServer.Settings.RELOAD_PERIOD,
                        AdmissionServer.Settings.START_PATIENCE));
        assertThat(AdmissionServer.Settings.of("127.0.0.1:9443", "::").host()).isEqualTo("127.0.0.1");
        assertThat(AdmissionServer.Settings.of("[::1]:9443", "::").host()).isEqualTo("::1");
        assertThatThrownBy(() -> AdmissionServer.Settings.of("8443", "::"))
                .hasMessage("validating-webhook must be [host]:port, not '8443'");
    }
}
