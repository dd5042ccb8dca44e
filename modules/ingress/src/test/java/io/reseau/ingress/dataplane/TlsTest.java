package io.reseau.ingress.dataplane;

import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.path;
import static io.reseau.ingress.testing.TlsSockets.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.reseau.ingress.compute.IngressTranslation;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.BackendTls;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.TlsCertificate;
import io.reseau.ingress.model.TlsPolicy;
import io.reseau.ingress.testing.LoopbackPlane;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.Objects;
import io.reseau.ingress.testing.OpensslClient;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.TlsSockets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TLS termination over real sockets: certificates chosen by SNI, the default certificate, versions, ALPN, h2. */
class TlsTest {

    private HttpBackend backend;
    private Routes routes;

    @RegisterExtension
    final LoopbackPlane plane = new LoopbackPlane(DataPlaneSettings.loopback(0, 0).toBuilder()
            .hsts("max-age=31536000; includeSubDomains").build());

    @BeforeEach
    void start() throws Exception {
        backend = plane.backend(HttpBackend.start("app"));
        SelfSignedCertificate foo = new SelfSignedCertificate("foo.com", "EC", 256);
        SelfSignedCertificate wildcard = new SelfSignedCertificate("*.bar.com", "EC", 256);
        SelfSignedCertificate localhost = new SelfSignedCertificate("localhost", "EC", 256);
        routes = new Routes().service("app", backend)
                .secret(Objects.tlsSecret("default", "foo-tls", Files.readString(foo.certificate().toPath()),
                        Files.readString(foo.privateKey().toPath())))
                .secret(Objects.tlsSecret("default", "bar-tls", Files.readString(wildcard.certificate().toPath()),
                        Files.readString(wildcard.privateKey().toPath())))
                .ingress(tls(ingress("default", "foo", "foo.com", path("Prefix", "/", "app", 80)), "foo-tls", "foo.com"))
                .ingress(tls(ingress("default", "bar", "*.bar.com", path("Prefix", "/", "app", 80)), "bar-tls",
                        "*.bar.com"))
                .secret(Objects.tlsSecret("default", "localhost-tls", Files.readString(localhost.certificate().toPath()),
                        Files.readString(localhost.privateKey().toPath())))
                .ingress(tls(ingress("default", "localhost", "localhost", path("Prefix", "/", "app", 80)),
                        "localhost-tls", "localhost"));
        plane.apply(routes.table());
    }

    private static Ingress tls(Ingress ingress, String secret, String host) {
        return new IngressBuilder(ingress).editSpec().addNewTl().withHosts(host).withSecretName(secret).endTl()
                .endSpec().build();
    }

    private SSLSocket connect(String serverName, String... protocols) throws Exception {
        return TlsSockets.connect(plane.httpsPort(), serverName, protocols);
    }

    @Test
    void theControllersDefaultSslCertificateIsServedForOtherNames() throws Exception {
        SelfSignedCertificate fallback = new SelfSignedCertificate("*.fallback.test", "EC", 256);
        plane.apply(routes.secret(Objects.tlsSecret("certs", "fallback", Files.readString(
                fallback.certificate().toPath()), Files.readString(fallback.privateKey().toPath())))
                .table(new IngressTranslation.Settings(Routes.SETTINGS.classes(),
                        Routes.SETTINGS.defaults(), Optional.empty(), Set.of(),
                        Optional.of(new ObjectKey("certs", "fallback")), Set.of(), true, List.of(),
                        Locality.UNKNOWN)));

        try (SSLSocket foo = connect("foo.com"); SSLSocket other = connect("other.org");
                SSLSocket none = connect(null)) {
            assertThat(subject(foo)).isEqualTo("CN=foo.com");
            assertThat(subject(other)).isEqualTo("CN=*.fallback.test");
            assertThat(subject(none)).isEqualTo("CN=*.fallback.test");
        }
    }

    @Test
    void theCertificateIsChosenBySniExactOrWildcardElseTheDefault() throws Exception {
        try (SSLSocket foo = connect("foo.com"); SSLSocket bar = connect("api.bar.com");
                SSLSocket other = connect("other.org"); SSLSocket none = connect(null)) {
            assertThat(subject(foo)).isEqualTo("CN=foo.com");
            assertThat(subject(bar)).isEqualTo("CN=*.bar.com");
            assertThat(subject(other)).isEqualTo("CN=reseau-ingress-default");
            assertThat(subject(none)).isEqualTo("CN=reseau-ingress-default");
        }
    }

    @Test
    void servesHttp11OverTlsWithTheRightForwardedProto() throws Exception {
        try (SSLSocket socket = connect("foo.com", "TLSv1.2"); RawHttp http = new RawHttp(socket)) {
            RawHttp.Response response = http.exchange("GET /x HTTP/1.1\r\nHost: foo.com\r\n\r\n");

            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(response.reported("backend")).isEqualTo("app");
            assertThat(response.reported("header.x-forwarded-proto")).isEqualTo("https");
        }
        try (SSLSocket socket = connect("foo.com")) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void responsesOverTlsCarryStrictTransportSecurityAndPlainOnesDoNot() throws Exception {
        try (SSLSocket socket = connect("foo.com"); RawHttp http = new RawHttp(socket)) {
            RawHttp.Response proxied = http.exchange("GET /x HTTP/1.1\r\nHost: foo.com\r\n\r\n");
            RawHttp.Response local = http.exchange("GET /x HTTP/1.1\r\nHost: unknown.org\r\n\r\n");

            assertThat(proxied.status()).isEqualTo(200);
            assertThat(proxied.header("strict-transport-security")).isEqualTo("max-age=31536000; includeSubDomains");
            assertThat(local.status()).isEqualTo(404);
            assertThat(local.header("strict-transport-security")).isEqualTo("max-age=31536000; includeSubDomains");
        }
        assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/x").header("strict-transport-security")).isNull();
    }

    @Test
    void clientsResumeTheirSessionsOverTls12And13AcrossRoutingChanges() throws Exception {
        for (String version : List.of("-tls1_2", "-tls1_3")) {
            Path session = Files.createTempFile("tls-session", ".pem");
            try {
                assertThat(OpensslClient.get(plane.httpsPort(), "foo.com", version, "-sess_out", session))
                        .contains("New, TLSv1.", "HTTP/1.1 200");
                plane.apply(routes.ingress(ingress("default", "other", "other.org", path("Prefix", "/", "app", 80)))
                        .table());
                assertThat(OpensslClient.get(plane.httpsPort(), "foo.com", version, "-sess_in", session))
                        .contains("Reused, TLSv1.", "HTTP/1.1 200");
            } finally {
                Files.delete(session);
            }
        }
    }

    @Test
    void tls12SessionsLastTenMinutesByDefaultAsIngressNginxs() throws Exception {
        Path session = Files.createTempFile("tls-session", ".pem");
        try {
            assertThat(OpensslClient.get(plane.httpsPort(), "foo.com", "-tls1_2", "-sess_out", session))
                    .contains("TLS session ticket lifetime hint: 600 (seconds)");
        } finally {
            Files.delete(session);
        }
    }

    @Test
    void refusesTls11() {
        assertThatThrownBy(() -> connect("foo.com", "TLSv1.1").close()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpToATlsHostIsRedirected() throws Exception {
        RawHttp.Response response = RawHttp.get(plane.httpPort(), "foo.com", "/a?b=c");

        assertThat(response.status()).isEqualTo(308);
        assertThat(response.header("location")).isEqualTo("https://foo.com/a?b=c");
        assertThat(backend.requests()).isZero();
    }

    @Test
    void speaksHttp2WithAlpn() throws Exception {
        try (HttpClient client = TlsSockets.http2Client()) {
            for (String path : List.of("/one", "/two?x=1")) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + plane.httpsPort() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("path=" + path, "header.x-forwarded-proto=https",
                        "header.host=localhost:" + plane.httpsPort());
            }
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + plane.httpsPort() + "/upload"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.body()).contains("body=100000");
        }
    }

    @Test
    void http2StreamsOfOneConnectionAreServedConcurrently() throws Exception {
        String base = "https://localhost:" + plane.httpsPort();
        try (HttpClient client = TlsSockets.http2Client()) {
            // One request first, so that the others share its connection as streams.
            client.send(HttpRequest.newBuilder(URI.create(base + "/warm")).build(), HttpResponse.BodyHandlers.ofString());
            List<CompletableFuture<HttpResponse<String>>> downloads = IntStream.range(0, 64)
                    .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/bytes/" + (70_000 + i)))
                            .build(), HttpResponse.BodyHandlers.ofString()))
                    .toList();
            List<CompletableFuture<HttpResponse<String>>> uploads = IntStream.range(0, 16)
                    .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/upload"))
                            .POST(HttpRequest.BodyPublishers.ofString("y".repeat(30_000 + i))).build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .toList();

            for (int i = 0; i < downloads.size(); i++) {
                HttpResponse<String> response = downloads.get(i).get(30, TimeUnit.SECONDS);
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(response.body()).hasSize(70_000 + i);
            }
            for (int i = 0; i < uploads.size(); i++) {
                assertThat(uploads.get(i).get(30, TimeUnit.SECONDS).body()).contains("body=" + (30_000 + i));
            }
        }
    }

    @Test
    void anOpenConnectionIsStillServedAfterItsCertificateIsReplacedAndNewOnesGetTheNewOne() throws Exception {
        try (SSLSocket before = connect("foo.com"); RawHttp http = new RawHttp(before)) {
            assertThat(http.exchange("GET /x HTTP/1.1\r\nHost: foo.com\r\n\r\n").status()).isEqualTo(200);
            SelfSignedCertificate renewed = new SelfSignedCertificate("foo.com", "EC", 256);
            plane.apply(new Routes().service("app", backend)
                    .secret(Objects.tlsSecret("default", "foo-tls", Files.readString(renewed.certificate().toPath()),
                            Files.readString(renewed.privateKey().toPath())))
                    .ingress(tls(ingress("default", "foo", "foo.com", path("Prefix", "/", "app", 80)), "foo-tls",
                            "foo.com"))
                    .table());

            assertThat(http.exchange("GET /y HTTP/1.1\r\nHost: foo.com\r\n\r\n").status()).isEqualTo(200);
            try (SSLSocket after = connect("foo.com")) {
                assertThat(after.getSession().getPeerCertificates()[0]).isEqualTo(renewed.cert());
                assertThat(before.getSession().getPeerCertificates()[0]).isNotEqualTo(renewed.cert());
            }
        }
    }

    @Test
    void aContextNoTableUsesIsReleasedAfterTheGracePeriodOnceItsConnectionsEndAndTheRestOnClose() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        RetiredTlsContexts retired = new RetiredTlsContexts(scheduler, Duration.ofMillis(200));
        TlsContexts contexts = new TlsContexts(DataPlaneSettings.ClientTls.DEFAULT, true, retired::retire);
        try {
            TlsContexts.Key first = key("1");
            TlsContexts.Key second = key("2");
            SslContext replaced = contexts.contexts(List.of(first), (certificate, message) -> { }).get(first);
            // A connection that was matched against the first table: its engine holds the context.
            SSLEngine connecting = replaced.newEngine(ByteBufAllocator.DEFAULT);
            SslContext current = contexts.contexts(List.of(second), (certificate, message) -> { }).get(second);

            assertThat(finalizable(connecting)).as("an engine that the GC must finalize").isFalse();
            assertThat(refCnt(replaced)).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> refCnt(replaced) == 1);
            ReferenceCountUtil.release(connecting);
            assertThat(refCnt(replaced)).isZero();
            assertThat(refCnt(current)).isEqualTo(1);
            contexts.close();
            assertThat(refCnt(current)).isZero();
            assertThat(refCnt(contexts.defaultContext())).isZero();
        } finally {
            retired.close();
            scheduler.shutdownNow();
        }
    }

    @Test
    void backendContextsOfASettingNeitherTheTableNorTheOneBeforeHasAreRetiredAndTheRestReleasedOnClose() {
        List<SslContext> retired = new ArrayList<>();
        BackendTlsContexts contexts = new BackendTlsContexts(retired::add);
        BackendTls first = backendTls("first");
        BackendTls second = backendTls("second");
        contexts.apply(List.of(first), (certificate, message) -> { });
        SslContext firstHttp1 = contexts.context(first, false);
        SslContext firstHttp2 = contexts.context(first, true);
        SSLEngine engine = firstHttp1.newEngine(ByteBufAllocator.DEFAULT);
        assertThat(finalizable(engine)).as("an engine that the GC must finalize").isFalse();
        ReferenceCountUtil.release(engine);

        contexts.apply(List.of(second), (certificate, message) -> { });
        // A connection of the table before may still be starting.
        assertThat(contexts.context(first, false)).isSameAs(firstHttp1);
        assertThat(retired).isEmpty();
        contexts.apply(List.of(second), (certificate, message) -> { });
        assertThat(retired).containsExactlyInAnyOrder(firstHttp1, firstHttp2);

        SslContext secondHttp1 = contexts.context(second, false);
        SslContext unchecked = contexts.context(null, true);
        contexts.close();
        assertThat(refCnt(secondHttp1)).isZero();
        assertThat(refCnt(unchecked)).isZero();
        assertThat(refCnt(firstHttp1)).as("left to the retirement").isEqualTo(1);
    }

    private static BackendTls backendTls(String secret) {
        return new BackendTls("default/" + secret, "1", false, List.of(), Optional.empty(), true, 1,
                TlsPolicy.DEFAULT, Optional.empty());
    }

    @Test
    void aContextRetiredWhileTheDataPlaneClosesIsReleasedAtOnce() throws Exception {
        ScheduledExecutorService stopped = Executors.newSingleThreadScheduledExecutor();
        stopped.shutdown();
        RetiredTlsContexts retired = new RetiredTlsContexts(stopped, Duration.ofSeconds(10));
        TlsContexts contexts = new TlsContexts(DataPlaneSettings.ClientTls.DEFAULT, true, retired::retire);
        TlsContexts.Key first = key("1");
        SslContext replaced = contexts.contexts(List.of(first), (certificate, message) -> { }).get(first);

        contexts.contexts(List.of(), (certificate, message) -> { });

        assertThat(refCnt(replaced)).isZero();
        contexts.close();
    }

    /** A version of one Secret's certificate for foo.com (each call a new key pair). */
    private static TlsContexts.Key key(String version) throws Exception {
        SelfSignedCertificate generated = new SelfSignedCertificate("foo.com", "EC", 256);
        return new TlsContexts.Key(new TlsCertificate("default/foo-tls", version,
                Files.readAllBytes(generated.certificate().toPath()), Files.readAllBytes(generated.privateKey().toPath())),
                Optional.empty(), List.of());
    }

    /** Whether the GC keeps the object for a finalizer when it is unreachable (and so into the next collection). */
    private static boolean finalizable(Object object) {
        for (Class<?> type = object.getClass(); type != Object.class; type = type.getSuperclass()) {
            if (Stream.of(type.getDeclaredMethods()).anyMatch(method -> method.getName().equals("finalize")
                    && method.getParameterCount() == 0)) {
                return true;
            }
        }
        return false;
    }

    /** How many hold a context: BoringSSL's contexts are reference counted (its native context freed at zero). */
    private static int refCnt(SslContext context) {
        return ((ReferenceCounted) context).refCnt();
    }

}
