package io.reseau.it;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.reseau.informers.testing.MockApiServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged reseau-ingress against an API server holding the seed's two Ingresses exactly as the course page
 * gives them: requests on loopback reach the right pod by host and path, the legacy
 * {@code kubernetes.io/ingress.class: nginx} Ingress is served too, Ingress status shows the address of the
 * controller's own Service, a port of the tcp-services ConfigMap relays to its Service and one of udp-services
 * relays datagrams to its Service's UDP port, and the validating admission webhook refuses an Ingress taking the
 * seed's routes.
 */
class IngressEndToEndTest {

    private static final String WEBHOOK_CONFIGURATION = "reseau-ingress-reseau-system";
    /** The name the API server reaches the webhook by, which its certificate must carry. */
    private static final String WEBHOOK_SERVICE = "reseau-ingress-admission.reseau-system.svc";

    @Test
    void servesTheSeedsIngressesVerbatim(@TempDir Path work) throws Exception {
        HttpServer pods = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        pods.createContext("/", exchange -> {
            byte[] body = ("pod for " + exchange.getRequestHeaders().getFirst("Host") + " "
                    + exchange.getRequestURI().getPath() + " via " + exchange.getLocalAddress().getPort())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        pods.start();
        // An OpenTelemetry collector's OTLP/gRPC receiver (HTTP/2 without TLS, as a collector's port 4317), keeping
        // the calls it is sent: protocol, method and message (protobuf: the strings show), each answered as gRPC's OK.
        Vertx vertx = Vertx.vertx();
        List<String> exported = new CopyOnWriteArrayList<>();
        int collector = vertx.createHttpServer().requestHandler(call -> call.body().onSuccess(message -> {
            exported.add(call.version() + " " + call.path() + " " + message.toString(StandardCharsets.ISO_8859_1));
            call.response().putHeader("content-type", "application/grpc").putTrailer("grpc-status", "0")
                    .end(Buffer.buffer(new byte[5]));
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get().actualPort();
        int http = freePort();
        int tcp = freePort();
        int udp = freePort();
        int webhook = freePort();
        try (DatagramSocket dns = answering("dns answers "); MockApiServer api = MockApiServer.start();
                KubernetesClient kube = api.newClient()) {
            kube.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata()
                    .withName("reseau").addToAnnotations("ingressclass.kubernetes.io/is-default-class", "true")
                    .endMetadata().withNewSpec().withController("reseau.io/ingress").endSpec().build()).create();
            for (String service : new String[] {"service1", "service2", "service3", "kuard"}) {
                backend(kube, service, pods.getAddress().getPort());
            }
            kube.services().resource(new ServiceBuilder().withNewMetadata().withNamespace("reseau-system")
                    .withName("reseau-ingress").endMetadata().withNewSpec().withType("LoadBalancer").addNewPort()
                    .withName("http").withPort(80).endPort().endSpec().build()).create();
            kube.services().inNamespace("reseau-system").withName("reseau-ingress").editStatus(s -> new ServiceBuilder(s)
                    .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("192.0.2.80").endIngress()
                    .endLoadBalancer().endStatus().build());
            for (String seed : new String[] {"ingress-wildcard-host.yaml", "kuard-ingress.yaml"}) {
                Ingress ingress = Serialization.unmarshal(Files.readString(Bundle.HOME.resolve("examples/seed/" + seed)),
                        Ingress.class);
                kube.network().v1().ingresses().inNamespace("default").resource(ingress).create();
            }
            // kuard's certificate, as cert-manager would have stored it.
            X509Certificate kuardCertificate = tlsSecret(kube, work, "quickstart-example-tls", "example.example.com");
            // ingress-nginx's tcp-services ConfigMap: one port relayed as bytes to service1.
            kube.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("reseau-system")
                    .withName("tcp-services").endMetadata().addToData(Integer.toString(tcp), "default/service1:80")
                    .build()).create();
            // And udp-services: one port whose datagrams go to the UDP port of Service dns.
            udpBackend(kube, dns.getLocalPort());
            kube.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("reseau-system")
                    .withName("udp-services").endMetadata().addToData(Integer.toString(udp), "default/dns:53")
                    .build()).create();
            // The admission webhook's configuration, as the chart applies it: reseau makes the certificate.
            kube.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                    new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(WEBHOOK_CONFIGURATION)
                            .endMetadata().addNewWebhook().withName("validate.ingress.reseau.io")
                            .withAdmissionReviewVersions("v1").withSideEffects("None").withNewClientConfig()
                            .withNewService().withNamespace("reseau-system").withName("reseau-ingress-admission")
                            .withPath("/validate/ingresses").withPort(443).endService().endClientConfig().endWebhook()
                            .build()).create();
            Path kubeconfig = Kubeconfig.write(work, api.url());
            // Keys of ingress-nginx's controller ConfigMap as they are, one file each as its volume holds them.
            Path settings = Files.createDirectory(work.resolve("settings"));
            for (Map.Entry<String, String> key : Map.of("use-gzip", "true", "gzip-min-length", "0", "enable-brotli",
                    "true", "brotli-min-length", "0", "server-tokens", "false").entrySet()) {
                Files.writeString(settings.resolve(key.getKey()), key.getValue());
            }
            try (RunningBinary ingress = RunningBinary.start("reseau-ingress", work, Map.ofEntries(
                    entry("KUBECONFIG", kubeconfig.toString()),
                    entry("RESEAU_INGRESS_BIND_ADDRESS", "127.0.0.1"),
                    entry("RESEAU_INGRESS_HTTP_PORT", Integer.toString(http)),
                    entry("RESEAU_INGRESS_HTTPS_PORT", "0"),
                    entry("RESEAU_INGRESS_PUBLISH_SERVICE", "reseau-system/reseau-ingress"),
                    entry("RESEAU_INGRESS_TCP_SERVICES_CONFIGMAP", "reseau-system/tcp-services"),
                    entry("RESEAU_INGRESS_UDP_SERVICES_CONFIGMAP", "reseau-system/udp-services"),
                    entry("RESEAU_INGRESS_VALIDATING_WEBHOOK", "127.0.0.1:" + webhook),
                    entry("RESEAU_INGRESS_VALIDATING_WEBHOOK_SECRET", "reseau-system/reseau-ingress-admission"),
                    entry("RESEAU_INGRESS_VALIDATING_WEBHOOK_CONFIGURATION", WEBHOOK_CONFIGURATION),
                    entry("RESEAU_INGRESS_SETTINGS_DIRECTORY", settings.toString()),
                    // Below the directory's key of the same name: small responses are compressed all the same.
                    entry("RESEAU_INGRESS_GZIP_MIN_LENGTH", "100000"),
                    entry("RESEAU_INGRESS_ENABLE_OPENTELEMETRY", "true"),
                    entry("RESEAU_INGRESS_OTLP_COLLECTOR_HOST", "127.0.0.1"),
                    entry("RESEAU_INGRESS_OTLP_COLLECTOR_PORT", Integer.toString(collector)),
                    entry("RESEAU_INGRESS_OTEL_SAMPLER", "AlwaysOn"),
                    entry("RESEAU_INGRESS_OTEL_SCHEDULE_DELAY_MILLIS", "200"),
                    // ingress-nginx's default access log format, as a migrating user's log pipeline expects it.
                    entry("RESEAU_INGRESS_LOG_FORMAT_UPSTREAM", "$remote_addr - $remote_user [$time_local]"
                            + " \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\""
                            + " $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name]"
                            + " $upstream_addr $upstream_response_length $upstream_response_time $upstream_status"
                            + " $req_id"),
                    // A probe's URL left out of the access log (a comma-separated list in one variable).
                    entry("RESEAU_INGRESS_SKIP_ACCESS_LOG_URLS", "/healthz,/bar/x"),
                    // And its default log-format-stream for relayed connections.
                    entry("RESEAU_INGRESS_LOG_FORMAT_STREAM", "[$remote_addr] [$time_local] $protocol $status"
                            + " $bytes_sent $bytes_received $session_time")))) {
                ingress.awaitStatus("/q/health/ready", 200, Duration.ofSeconds(60));

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(get(http, "domain1.bar.com", "/bar/x")).startsWith("200 pod for domain1.bar.com /bar/x"));
                assertThat(get(http, "domain1.bar.com", "/foo")).startsWith("200 pod for domain1.bar.com /foo");
                assertThat(get(http, "domain2.foo.com", "/any/path")).startsWith("200 pod for domain2.foo.com /any/path");
                assertThat(get(http, "domain1.bar.com", "/other")).startsWith("404");
                // Traced: the packaged binary exports its spans over OTLP/gRPC, ingress-nginx's protocol.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(String.join("", exported))
                        .contains("HTTP_2 /opentelemetry.proto.collector.trace.v1.TraceService/Export", "GET /foo",
                                "domain1.bar.com", "default/ingress-wildcard-host", "reseau-ingress"));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ingress.log()).containsPattern(
                        "127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /foo HTTP/1\\.1\" 200 \\d+ \"-\" \"[^\"]*\" \\d+ [0-9.]+"
                                + " \\[default-service2-80] \\[] [0-9.]+:\\d+ \\d+ [0-9.]+ 200 [0-9a-f]{32}"));
                // Served before /foo, and not written.
                assertThat(ingress.log()).doesNotContain("\"GET /bar/x HTTP/1.1\"");
                assertThat(headOfCompressed(http, "domain1.bar.com", "/bar/x", "gzip"))
                        .contains("\r\nContent-Encoding: gzip\r\n");
                // Brotli's native library loads in the packaged binary.
                assertThat(headOfCompressed(http, "domain1.bar.com", "/bar/x", "gzip, br"))
                        .contains("\r\nContent-Encoding: br\r\n");
                assertThat(ingress.log()).contains("server-tokens in " + settings + " left out");
                // The management port listens on IPv6 too, where the kubelet probes an IPv6 pod address.
                assertThat(ingress.get("[::1]", "/q/health/live").statusCode()).isEqualTo(200);
                // kuard: TLS host, so plain HTTP is redirected; its Secret comes from cert-manager (or reseau-certs).
                assertThat(get(http, "example.example.com", "/")).startsWith("308");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kube.network().v1().ingresses()
                        .inNamespace("default").withName("kuard").get().getStatus().getLoadBalancer().getIngress())
                        .singleElement().satisfies(point -> assertThat(point.getIp()).isEqualTo("192.0.2.80")));
                assertThat(ingress.get("/q/metrics").body()).contains("reseau_ingress_requests_total",
                        "reseau_ingress_response_duration_seconds_bucket{", "reseau_ingress_request_bytes_total{",
                        "reseau_ingress_response_bytes_total{",
                        "reseau_ingress_client_connections ",
                        "jvm_gc_collections_total{gc=", "jvm_gc_collection_time_seconds_total{gc=",
                        "jvm_memory_used_bytes{", "jvm_threads_live_threads")
                        // Micrometer's collection listener (its pause timer) stays off: see JvmMeters.
                        .doesNotContain("jvm_gc_pause")
                        .contains("reseau_ingress_ssl_expire_time_seconds{host=\"example.example.com\","
                                + "namespace=\"default\",secret_name=\"quickstart-example-tls\"} "
                                + (double) kuardCertificate.getNotAfter().toInstant().getEpochSecond());
                // The table served, as the management port shows it: the seed's hosts and kuard's certificate.
                JsonObject hosts = new JsonObject(ingress.get("/q/ingress/routes").body()).getJsonObject("hosts");
                assertThat(hosts.getJsonObject("domain1.bar.com").getJsonArray("routes").getJsonObject(0)
                        .getString("ingress")).isEqualTo("default/ingress-wildcard-host");
                assertThat(hosts.fieldNames()).contains("domain2.foo.com");
                assertThat(hosts.getJsonObject("example.example.com").getString("certificate"))
                        .isEqualTo("default/quickstart-example-tls");
                // The admission webhook refuses a second Ingress for the seed's routes, as kubectl apply would show.
                Ingress copy = Serialization.unmarshal(Files.readString(Bundle.HOME.resolve(
                        "examples/seed/ingress-wildcard-host.yaml")), Ingress.class);
                copy.getMetadata().setNamespace("team-b");
                String caBundle = kube.admissionRegistration().v1().validatingWebhookConfigurations()
                        .withName(WEBHOOK_CONFIGURATION).get().getWebhooks().getFirst().getClientConfig().getCaBundle();
                assertThat(admissionAnswer(webhook, caBundle, copy)).contains("\"uid\":\"e2e\"",
                        "\"allowed\":false", "RouteConflict: host 'domain1.bar.com' path /bar (Prefix) is already"
                                + " routed by the older Ingress default/ingress-wildcard-host");
                assertThat(ingress.get("/q/metrics").body())
                        .contains("reseau_ingress_admission_reviews_total{verdict=\"refused\"} 1.0");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(get(tcp, "db.tcp", "/relayed")).startsWith("200 pod for db.tcp /relayed"));
                // The relayed connection, once ended, is counted and written to the access log.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ingress.get("/q/metrics").body())
                        .contains("reseau_ingress_connections_total{protocol=\"TCP\",service=\"default/service1:80\","
                                + "status=\"200\""));
                assertThat(ingress.log())
                        .containsPattern("\\[127\\.0\\.0\\.1] \\[[^]]+] TCP 200 [1-9]\\d* [1-9]\\d* [0-9.]+");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(ask(udp, "who")).isEqualTo("dns answers who"));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ingress.log())
                        .containsPattern("\\[127\\.0\\.0\\.1] \\[[^]]+] UDP 200 [1-9]\\d* [1-9]\\d* [0-9.]+"));
            }
        } finally {
            pods.stop(0);
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** A {@code kubernetes.io/tls} Secret in default with a new certificate for {@code host}, which it answers. */
    private static X509Certificate tlsSecret(KubernetesClient kube, Path work, String name, String host)
            throws Exception {
        Path certificate = work.resolve(name + ".crt");
        Path key = work.resolve(name + ".key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30", "-subj", "/CN=" + host, "-keyout",
                key.toString(), "-out", certificate.toString()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as(output).isZero();
        Base64.Encoder base64 = Base64.getEncoder();
        kube.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace("default").withName(name)
                .endMetadata().withType("kubernetes.io/tls")
                .addToData("tls.crt", base64.encodeToString(Files.readAllBytes(certificate)))
                .addToData("tls.key", base64.encodeToString(Files.readAllBytes(key))).build()).create();
        try (InputStream in = Files.newInputStream(certificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /**
     * The admission webhook's answer (an AdmissionReview) to the review of {@code ingress}'s creation, over HTTPS as
     * the API server sends it: trusting only the configuration's caBundle, and checking the certificate names the
     * webhook's Service.
     */
    private static String admissionAnswer(int port, String caBundle, Ingress ingress) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("caBundle", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(caBundle))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        String review = "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {"
                + "\"uid\": \"e2e\", \"operation\": \"CREATE\", \"kind\": {\"group\": \"networking.k8s.io\","
                + " \"version\": \"v1\", \"kind\": \"Ingress\"}, \"object\": " + Serialization.asJson(ingress) + "}}";
        byte[] body = review.getBytes(StandardCharsets.UTF_8);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(new Socket("127.0.0.1", port),
                WEBHOOK_SERVICE, port, true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /validate/ingresses HTTP/1.1\r\nHost: " + WEBHOOK_SERVICE + "\r\nContent-Type:"
                    + " application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200");
            return answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    /** Service {@code name} in default, port 80, whose one ready endpoint is the test's pod server. */
    private static void backend(KubernetesClient kube, String name, int podPort) {
        kube.services().resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name)
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build())
                .create();
        kube.discovery().v1().endpointSlices().resource(new EndpointSliceBuilder().withNewMetadata()
                .withNamespace("default").withName(name + "-1").addToLabels("kubernetes.io/service-name", name)
                .endMetadata().withAddressType("IPv4").addNewPort().withName("http").withPort(podPort).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();
    }

    /** Service {@code dns} in default, UDP port 53, whose one ready endpoint is the test's UDP server. */
    private static void udpBackend(KubernetesClient kube, int podPort) {
        kube.services().resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("dns")
                .endMetadata().withNewSpec().addNewPort().withName("dns").withProtocol("UDP").withPort(53).endPort()
                .endSpec().build()).create();
        kube.discovery().v1().endpointSlices().resource(new EndpointSliceBuilder().withNewMetadata()
                .withNamespace("default").withName("dns-1").addToLabels("kubernetes.io/service-name", "dns")
                .endMetadata().withAddressType("IPv4").addNewPort().withName("dns").withProtocol("UDP")
                .withPort(podPort).endPort().addNewEndpoint().withAddresses("127.0.0.1").withNewConditions()
                .withReady(true).endConditions().endEndpoint().build()).create();
    }

    /** A UDP server on loopback answering each datagram with {@code prefix} and the datagram, until closed. */
    private static DatagramSocket answering(String prefix) throws IOException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[1500];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket question = new DatagramPacket(buffer, buffer.length);
                    socket.receive(question);
                    byte[] answer = (prefix + new String(buffer, 0, question.getLength(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(answer, answer.length, question.getSocketAddress()));
                } catch (IOException e) {
                    // Closed.
                }
            }
        });
        return socket;
    }

    /** The answer to one datagram sent to {@code port}, waited for a second at most. */
    private static String ask(int port, String question) throws IOException {
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(1_000);
            byte[] bytes = question.getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
            client.receive(answer);
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
        }
    }

    /** {@code <status> <body>} of one GET with this Host. */
    private static String get(int port, String host, String path) throws IOException {
        return RawHttp.get(new InetSocketAddress("127.0.0.1", port), host, path).toString();
    }

    /** The response head of one GET with this Host from a client that takes gzip. */
    private static String headOfCompressed(int port, String host, String path, String acceptEncoding)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept-Encoding: "
                    + acceptEncoding + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, response.indexOf("\r\n\r\n") + 2);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
