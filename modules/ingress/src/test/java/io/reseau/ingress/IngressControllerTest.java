package io.reseau.ingress;

import static io.reseau.ingress.testing.Objects.annotated;
import static io.reseau.ingress.testing.Objects.ingress;
import static io.reseau.ingress.testing.Objects.ourClass;
import static io.reseau.ingress.testing.Objects.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerStatus;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.testing.MockApiServer;
import io.reseau.ingress.apply.StatusAddresses;
import io.reseau.ingress.compute.IngressAdmission;
import io.reseau.ingress.compute.IngressClasses;
import io.reseau.ingress.compute.IngressTranslation;
import io.reseau.ingress.compute.StreamServices;
import io.reseau.ingress.dataplane.DataPlane;
import io.reseau.ingress.dataplane.DataPlaneSettings;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.testing.HttpBackend;
import io.reseau.ingress.testing.Objects;
import io.reseau.ingress.testing.RawHttp;
import io.reseau.ingress.testing.Routes;
import io.reseau.ingress.testing.UdpBackend;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller against the mock API server (real HTTP, real watches) and a real data plane: objects created
 * through the API become routes, bad input becomes Events while the rest keeps serving, status is written.
 */
class IngressControllerTest {

    /** An HTTP request sent as bytes through a TCP service. */
    private static final String RELAYED = "GET / HTTP/1.1\r\nHost: db\r\nConnection: close\r\n\r\n";

    private MockApiServer api;
    private KubernetesClient kube;
    private ControllerRuntime runtime;
    private DataPlane plane;
    private IngressController controller;
    private HttpBackend one;
    private HttpBackend two;
    private int tcpPort;

    @BeforeEach
    void start() throws Exception {
        api = MockApiServer.start();
        kube = api.newClient();
        one = HttpBackend.start("one");
        two = HttpBackend.start("two");
        kube.network().v1().ingressClasses().resource(ourClass(true)).create();
        kube.services().resource(Objects.service("default", "web", 80)).create();
        kube.discovery().v1().endpointSlices().resource(Objects.slice("default", "web", "web-1", one.port(), one.ip()))
                .create();
        Service own = new ServiceBuilder(Objects.service("reseau-system", "reseau-ingress", 80)).withNewStatus()
                .withNewLoadBalancer().addNewIngress().withIp("192.0.2.10").endIngress().endLoadBalancer().endStatus()
                .build();
        kube.services().resource(own).create();
        kube.services().inNamespace("reseau-system").withName("reseau-ingress").editStatus(s -> own);
        runtime = new ControllerRuntime(kube, new SimpleMeterRegistry(), ControllerRuntime.Settings.defaults());
        plane = new DataPlane(DataPlaneSettings.loopback(0, 0), request -> { });
        plane.start();
        tcpPort = RawHttp.freePort();
        controller = controller(new StatusAddresses.OfService(new ObjectKey("reseau-system", "reseau-ingress")));
        controller.start().get();
    }

    /** A controller of every namespace writing the status addresses from there. */
    private IngressController controller(StatusAddresses status) {
        return controller(Routes.SETTINGS, status, Optional.empty());
    }

    private IngressController controller(IngressTranslation.Settings translation, StatusAddresses status,
            Optional<String> watchNamespace) {
        return new IngressController(runtime, new IngressController.Settings(translation,
                new StreamServices.Settings(Optional.of(new ObjectKey("reseau-system", "tcp-services")),
                        Optional.of(new ObjectKey("reseau-system", "udp-services")), Set.of(plane.httpPort()),
                        Duration.ofSeconds(2), Duration.ofSeconds(10), 1, NextUpstream.DEFAULT, Locality.UNKNOWN),
                new IngressController.GlobalFields(Optional.of(new ObjectKey("reseau-system", "request-headers")),
                        Optional.of(new ObjectKey("reseau-system", "response-headers")), true),
                Optional.of(status), Duration.ofMillis(50), Duration.ofMinutes(10), "test", watchNamespace), plane);
    }

    @AfterEach
    void stop() {
        controller.close();
        runtime.close();
        plane.close();
        kube.close();
        api.close();
        one.close();
        two.close();
    }

    private String backendOf(String host, String path) throws Exception {
        RawHttp.Response response = RawHttp.get(plane.httpPort(), host, path);
        return response.status() == 200 ? response.reported("backend") : Integer.toString(response.status());
    }

    /** The addresses in an Ingress's status; none before a status is written. */
    private List<IngressLoadBalancerIngress> statusOf(String namespace, String name) {
        Ingress current = kube.network().v1().ingresses().inNamespace(namespace).withName(name).get();
        return Optional.ofNullable(current.getStatus()).map(IngressStatus::getLoadBalancer)
                .map(IngressLoadBalancerStatus::getIngress).orElse(List.of());
    }

    /** Waits until the Ingress's status holds the controller's own Service's address, and only it. */
    private void awaitOwnAddressIn(String namespace, String name) {
        await().untilAsserted(() -> assertThat(statusOf(namespace, name)).singleElement()
                .satisfies(point -> assertThat(point.getIp()).isEqualTo("192.0.2.10")));
    }

    @Test
    void ingressesBecomeRoutesAndChangesAreLive() throws Exception {
        kube.network().v1().ingresses().resource(ingress("default", "site", "foo.com", path("Prefix", "/", "web", 80)))
                .create();
        await().untilAsserted(() -> assertThat(backendOf("foo.com", "/")).isEqualTo("one"));

        kube.discovery().v1().endpointSlices().resource(Objects.slice("default", "web", "web-1", two.port(), two.ip()))
                .update();
        await().untilAsserted(() -> assertThat(backendOf("foo.com", "/")).isEqualTo("two"));

        kube.network().v1().ingresses().inNamespace("default").withName("site").delete();
        await().untilAsserted(() -> assertThat(backendOf("foo.com", "/")).isEqualTo("404"));
    }

    @Test
    void writesTheLoadBalancerAddressIntoIngressStatus() {
        kube.network().v1().ingresses().resource(ingress("default", "site", "foo.com", path("Prefix", "/", "web", 80)))
                .create();

        awaitOwnAddressIn("default", "site");
    }

    @Test
    void publishStatusAddressWritesTheAddressesGivenInstead() throws Exception {
        controller.close();
        runtime.close();
        runtime = new ControllerRuntime(kube, new SimpleMeterRegistry(), ControllerRuntime.Settings.defaults());
        controller = controller(StatusAddresses.Given.of("publish-status-address",
                List.of("198.51.100.7", " ingress.example.com")));
        controller.start().get();
        kube.network().v1().ingresses().resource(ingress("default", "site", "foo.com", path("Prefix", "/", "web", 80)))
                .create();

        await().untilAsserted(() -> assertThat(statusOf("default", "site"))
                .extracting(point -> point.getIp() + "/" + point.getHostname())
                .containsExactly("198.51.100.7/null", "null/ingress.example.com"));
        assertThatThrownBy(() -> StatusAddresses.Given.of("publish-status-address", List.of("not an address")))
                .hasMessageContaining("publish-status-address");
    }

    @Test
    void watchNamespaceServesThatNamespacesIngressesOnlyWithTheStatusOfTheOwnServiceElsewhere() throws Exception {
        controller.close();
        runtime.close();
        runtime = new ControllerRuntime(kube, new SimpleMeterRegistry(), ControllerRuntime.Settings.defaults());
        controller = controller(Routes.SETTINGS,
                new StatusAddresses.OfService(new ObjectKey("reseau-system", "reseau-ingress")), Optional.of("team-a"));
        controller.start().get();
        kube.services().resource(Objects.service("team-a", "web", 80)).create();
        kube.discovery().v1().endpointSlices().resource(Objects.slice("team-a", "web", "web-1", two.port(), two.ip()))
                .create();
        kube.network().v1().ingresses().resource(ingress("default", "theirs", "theirs.com",
                path("Prefix", "/", "web", 80))).create();
        kube.network().v1().ingresses().resource(ingress("team-a", "ours", "ours.com", path("Prefix", "/", "web", 80)))
                .create();

        await().untilAsserted(() -> assertThat(backendOf("ours.com", "/")).isEqualTo("two"));
        awaitOwnAddressIn("team-a", "ours");
        assertThat(backendOf("theirs.com", "/")).isEqualTo("404");
        assertThat(statusOf("default", "theirs")).isEmpty();
    }

    @Test
    void anAdoptedClassIsServedWithoutItsStatusAndItsIngressesAreWarnedNeverRefused() throws Exception {
        controller.close();
        runtime.close();
        runtime = new ControllerRuntime(kube, new SimpleMeterRegistry(), ControllerRuntime.Settings.defaults());
        IngressTranslation.Settings adopting = new IngressTranslation.Settings(new IngressClasses.Selection(
                Routes.SETTINGS.classes().controller(), Routes.SETTINGS.classes().legacyNames(), Set.of("nginx"),
                false), Routes.SETTINGS.defaults(), Optional.empty(), Set.of(), Optional.empty(), Set.of(), true,
                List.of(), Locality.UNKNOWN);
        controller = controller(adopting, new StatusAddresses.OfService(new ObjectKey("reseau-system",
                "reseau-ingress")), Optional.empty());
        controller.start().get();
        kube.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata().withName("nginx")
                .endMetadata().withNewSpec().withController("k8s.io/ingress-nginx").endSpec().build()).create();
        Ingress nginxClass = new IngressBuilder(ingress("default", "theirs", "theirs.com",
                path("Prefix", "/", "web", 80))).editSpec().withIngressClassName("nginx").endSpec().build();
        kube.network().v1().ingresses().resource(nginxClass).create();
        kube.network().v1().ingresses().resource(ingress("default", "ours", "ours.com", path("Prefix", "/", "web", 80)))
                .create();

        await().untilAsserted(() -> assertThat(backendOf("theirs.com", "/")).isEqualTo("one"));
        awaitOwnAddressIn("default", "ours");
        assertThat(statusOf("default", "theirs")).isEmpty();
        Ingress snippet = annotated(new IngressBuilder(nginxClass).editMetadata().withName("snippet").endMetadata()
                .build(), Map.of("nginx.ingress.kubernetes.io/server-snippet", "return 200;"));
        IngressAdmission.Verdict verdict = controller.review(snippet).orElseThrow();
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).anySatisfy(warning -> assertThat(warning).startsWith("IngressRefused"));
    }

    @Test
    void aRefusedIngressIsReportedAndTheOthersKeepServing() throws Exception {
        kube.network().v1().ingresses().resource(ingress("default", "good", "good.com", path("Prefix", "/", "web", 80)))
                .create();
        kube.network().v1().ingresses().resource(annotated(ingress("default", "snippet", "bad.com",
                path("Prefix", "/", "web", 80)), Map.of("nginx.ingress.kubernetes.io/server-snippet", "return 200;")))
                .create();

        await().untilAsserted(() -> assertThat(kube.v1().events().inNamespace("default").list().getItems())
                .extracting(Event::getReason).contains("IngressRefused"));
        assertThat(backendOf("good.com", "/")).isEqualTo("one");
        assertThat(backendOf("bad.com", "/")).isEqualTo("404");
    }

    @Test
    void onlyTlsSecretsAreUsedAndABrokenOneFallsBackToTheDefaultCertificate() throws Exception {
        kube.secrets().resource(Objects.tlsSecret("default", "broken", "not a certificate", "not a key")).create();
        kube.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace("default").withName("opaque")
                .endMetadata().withType("Opaque").addToData("tls.crt", "eA==").addToData("tls.key", "eA==").build())
                .create();
        Ingress withTls = new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder(
                ingress("default", "tls", "foo.com", path("Prefix", "/", "web", 80))).editSpec()
                .addNewTl().withHosts("foo.com").withSecretName("broken").endTl()
                .addNewTl().withHosts("bar.com").withSecretName("opaque").endTl().endSpec().build();
        kube.network().v1().ingresses().resource(withTls).create();

        await().untilAsserted(() -> assertThat(kube.v1().events().inNamespace("default").list().getItems())
                .extracting(Event::getReason).contains("TlsCertificateInvalid", "TlsSecretNotFound"));
        // Still served: plain HTTP is redirected to HTTPS, as for any TLS host.
        assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/").status()).isEqualTo(308);
    }

    @Test
    void theTcpServicesConfigMapOpensPortsRelayedToServicesAndReportsBadEntries() throws Exception {
        kube.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("reseau-system")
                .withName("tcp-services").endMetadata()
                .addToData(Integer.toString(tcpPort), "default/web:80")
                .addToData(Integer.toString(plane.httpPort()), "default/web:80")
                .addToData("5433", "default/nothing:5432").build()).create();

        await().untilAsserted(() -> assertThat(RawHttp.untilClosed(tcpPort, RELAYED)).contains("backend=one"));
        await().untilAsserted(() -> assertThat(kube.v1().events().inNamespace("reseau-system").list().getItems())
                .extracting(Event::getReason).containsOnly("TcpServiceInvalid").hasSize(2));

        kube.configMaps().inNamespace("reseau-system").withName("tcp-services").delete();
        await().untilAsserted(() -> assertThatThrownBy(() -> RawHttp.untilClosed(tcpPort, RELAYED))
                .isInstanceOf(ConnectException.class));
    }

    @Test
    void theUdpServicesConfigMapOpensPortsWhoseDatagramsGoToServicesAndReportsBadEntries() throws Exception {
        int udpPort = UdpBackend.freePort();
        try (UdpBackend dns = UdpBackend.start("dns"); DatagramSocket client = new DatagramSocket()) {
            kube.services().resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("dns")
                    .endMetadata().withNewSpec().addNewPort().withName("dns").withProtocol("UDP").withPort(53)
                    .endPort().endSpec().build()).create();
            kube.discovery().v1().endpointSlices().resource(new EndpointSliceBuilder().withNewMetadata()
                    .withNamespace("default").withName("dns-1").addToLabels("kubernetes.io/service-name", "dns")
                    .endMetadata().withAddressType("IPv4").addNewPort().withName("dns").withProtocol("UDP")
                    .withPort(dns.port()).endPort().addNewEndpoint().withAddresses("127.0.0.1").withNewConditions()
                    .withReady(true).endConditions().endEndpoint().build()).create();
            kube.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("reseau-system")
                    .withName("udp-services").endMetadata()
                    .addToData(Integer.toString(udpPort), "default/dns:53")
                    .addToData("5353", "default/web:80").build()).create();
            client.setSoTimeout(200);
            byte[] question = "who".getBytes(StandardCharsets.US_ASCII);

            await().untilAsserted(() -> {
                client.send(new DatagramPacket(question, question.length, InetAddress.getLoopbackAddress(), udpPort));
                DatagramPacket answer = new DatagramPacket(new byte[100], 100);
                client.receive(answer);
                assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII))
                        .isEqualTo("dns:who");
            });
            // default/web has no UDP port 80.
            await().untilAsserted(() -> assertThat(kube.v1().events().inNamespace("reseau-system").list()
                    .getItems()).singleElement().satisfies(event -> {
                        assertThat(event.getReason()).isEqualTo("UdpServiceInvalid");
                        assertThat(event.getMessage()).contains("has no UDP port 80");
                    }));
        }
    }

    @Test
    void theHeaderConfigMapsSetFieldsOnEveryRequestAndResponseUnlessAnIngressSetsItsOwn() throws Exception {
        kube.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("reseau-system")
                .withName("request-headers").endMetadata().addToData("X-Cluster", "blue")
                .addToData("Host", "elsewhere").build()).create();
        kube.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("reseau-system")
                .withName("response-headers").endMetadata().addToData("X-Frame-Options", "DENY")
                .addToData("X-Content-Type-Options", "nosniff").build()).create();
        kube.network().v1().ingresses().resource(ingress("default", "site", "foo.com", path("Prefix", "/", "web", 80)))
                .create();
        kube.network().v1().ingresses().resource(annotated(ingress("default", "framed", "framed.com",
                path("Prefix", "/", "web", 80)), Map.of("reseau.io/response-headers",
                "X-Frame-Options: SAMEORIGIN"))).create();

        await().untilAsserted(() -> {
            RawHttp.Response site = RawHttp.get(plane.httpPort(), "foo.com", "/");
            assertThat(site.reported("header.x-cluster")).isEqualTo("blue");
            assertThat(site.header("x-frame-options")).isEqualTo("DENY");
            assertThat(site.header("x-content-type-options")).isEqualTo("nosniff");
        });
        // proxy-add-original-uri-header (on in these settings): the target as the client sent it.
        assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/a/../b?q=%41").reported("header.x-original-uri"))
                .isEqualTo("/a/../b?q=%41");
        RawHttp.Response framed = RawHttp.get(plane.httpPort(), "framed.com", "/");
        assertThat(framed.header("x-frame-options")).isEqualTo("SAMEORIGIN");
        assertThat(framed.header("x-content-type-options")).isEqualTo("nosniff");
        // Host is reseau's to set: reported on the ConfigMap and left out.
        assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/").reported("header.host")).isEqualTo("foo.com");
        await().untilAsserted(() -> assertThat(kube.v1().events().inNamespace("reseau-system").list().getItems())
                .singleElement().satisfies(event -> {
                    assertThat(event.getReason()).isEqualTo("HeaderInvalid");
                    assertThat(event.getMessage()).startsWith("proxy-set-headers: Host is set by reseau");
                }));
    }

    @Test
    void customHeadersSetTheAllowedFieldsOfTheIngressConfigMapAndItsChangesAreLive() throws Exception {
        controller.close();
        runtime.close();
        runtime = new ControllerRuntime(kube, new SimpleMeterRegistry(), ControllerRuntime.Settings.defaults());
        controller = controller(Routes.allowingResponseHeaders(Set.of("x-frame-options")),
                new StatusAddresses.OfService(new ObjectKey("reseau-system", "reseau-ingress")), Optional.empty());
        controller.start().get();
        kube.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("default")
                .withName("security").endMetadata().addToData("X-Frame-Options", "SAMEORIGIN")
                .addToData("X-Powered-By", "reseau").build()).create();
        kube.network().v1().ingresses().resource(annotated(ingress("default", "site", "foo.com",
                path("Prefix", "/", "web", 80)), Map.of("nginx.ingress.kubernetes.io/custom-headers", "security")))
                .create();

        await().untilAsserted(() -> assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/")
                .header("x-frame-options")).isEqualTo("SAMEORIGIN"));
        assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/").header("x-powered-by")).isNull();

        kube.configMaps().inNamespace("default").withName("security")
                .edit(map -> new ConfigMapBuilder(map).addToData("X-Frame-Options", "DENY").build());
        await().untilAsserted(() -> assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/")
                .header("x-frame-options")).isEqualTo("DENY"));
        await().untilAsserted(() -> assertThat(kube.v1().events().inNamespace("default").list().getItems())
                .anySatisfy(event -> {
                    assertThat(event.getReason()).isEqualTo("HeaderInvalid");
                    assertThat(event.getMessage()).startsWith("custom-headers: X-Powered-By is not in"
                            + " global-allowed-response-headers");
                }));
    }

    @Test
    void aConfigMapAnIngressNamesIsWatchedOnceNamedAndItsArrivalAndChangesAreLive() throws Exception {
        List<String> tenants = new CopyOnWriteArrayList<>();
        HttpServer auth = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        auth.createContext("/check", exchange -> {
            tenants.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Tenant")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        auth.start();
        try {
            kube.network().v1().ingresses().resource(annotated(ingress("default", "site", "foo.com",
                    path("Prefix", "/", "web", 80)), Map.of(
                            "nginx.ingress.kubernetes.io/auth-url",
                            "http://127.0.0.1:" + auth.getAddress().getPort() + "/check",
                            "nginx.ingress.kubernetes.io/auth-proxy-set-headers", "auth-fields"))).create();
            await().untilAsserted(() -> assertThat(kube.v1().events().inNamespace("default").list().getItems())
                    .anySatisfy(event -> assertThat(event.getReason()).isEqualTo("AuthProxySetHeadersNotFound")));
            assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/").status()).isEqualTo(200);
            assertThat(tenants).last().isEqualTo("null");

            kube.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("default")
                    .withName("auth-fields").endMetadata().addToData("X-Tenant", "blue").build()).create();
            await().untilAsserted(() -> {
                assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/").status()).isEqualTo(200);
                assertThat(tenants).last().isEqualTo("blue");
            });
            kube.configMaps().inNamespace("default").withName("auth-fields")
                    .edit(map -> new ConfigMapBuilder(map).addToData("X-Tenant", "green").build());
            await().untilAsserted(() -> {
                assertThat(RawHttp.get(plane.httpPort(), "foo.com", "/").status()).isEqualTo(200);
                assertThat(tenants).last().isEqualTo("green");
            });
        } finally {
            auth.stop(0);
        }
    }
}
