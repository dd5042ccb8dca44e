package io.reseau.proxy.compute;

import static io.reseau.proxy.testing.Objects.edit;
import static io.reseau.proxy.testing.Objects.service;
import static io.reseau.proxy.testing.Objects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.reseau.proxy.model.Endpoint;
import io.reseau.proxy.model.Problem;
import io.reseau.proxy.model.Protocol;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServicePortEndpoints;
import io.reseau.proxy.testing.Objects.Ep;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cases from the Kubernetes documentation of Services, EndpointSlices and kube-proxy. */
class ServiceTranslationTest {

    private static final ServiceTranslation.Settings SETTINGS =
            new ServiceTranslation.Settings(Optional.empty(), 30_000, 32_767);

    @Test
    void aClusterIPServiceGetsItsPortAndTheEndpointsOfItsSlices() {
        ServiceTranslation.Result result = translate(List.of(service("shop", "web", "10.43.0.10", 80)),
                List.of(slice("shop", "web", "web-1", 8080, Ep.ready("10.42.1.5", "n1"), Ep.ready("10.42.2.5", "n2"))));

        assertThat(result.problems()).isEmpty();
        ServicePortEndpoints only = result.ports().getFirst();
        ServicePort port = only.servicePort();
        assertThat(port.name()).hasToString("shop/web:http");
        assertThat(port.protocol()).isEqualTo(Protocol.TCP);
        assertThat(port.port()).isEqualTo(80);
        assertThat(port.clusterIPs()).containsExactly("10.43.0.10");
        assertThat(port.nodePort()).isZero();
        assertThat(only.endpoints()).containsExactly(
                new Endpoint("10.42.1.5", 8080, "n1", true, true, false),
                new Endpoint("10.42.2.5", 8080, "n2", true, true, false));
    }

    @Test
    void aNamedTargetPortIsResolvedPerSliceSoEndpointsMayDiffer() {
        ServiceTranslation.Result result = translate(List.of(service("shop", "web", "10.43.0.10", 80)), List.of(
                slice("shop", "web", "old-pods", 8080, Ep.ready("10.42.1.5", "n1")),
                slice("shop", "web", "new-pods", 9090, Ep.ready("10.42.1.6", "n1"))));

        assertThat(result.ports().getFirst().endpoints()).extracting(Endpoint::port).containsExactly(8080, 9090);
    }

    @Test
    void unsetConditionsMeanReadyAndServingIsReadyWhenUnset() {
        ServiceTranslation.Result result = translate(List.of(service("shop", "web", "10.43.0.10", 80)), List.of(
                slice("shop", "web", "s", 8080, new Ep("10.42.1.5", "n1", null, null, null),
                        new Ep("10.42.1.6", "n1", false, null, true))));

        assertThat(result.ports().getFirst().endpoints()).containsExactly(
                new Endpoint("10.42.1.5", 8080, "n1", true, true, false),
                new Endpoint("10.42.1.6", 8080, "n1", false, false, true));
    }

    @Test
    void headlessExternalNameAndOtherProxiesServicesAreNotProxied() {
        Service headless = edit(service("shop", "db", "10.43.0.11", 5432), b -> b.editSpec().withClusterIP("None").withClusterIPs("None").endSpec());
        Service external = edit(service("shop", "api", "10.43.0.12", 443), b -> b.editSpec().withType("ExternalName").withExternalName("api.example.com").endSpec());
        Service foreign = edit(service("shop", "mesh", "10.43.0.13", 80), b -> b.editMetadata()
                .addToLabels(ServiceTranslation.PROXY_NAME_LABEL, "some-mesh").endMetadata());
        Service ours = edit(service("shop", "ours", "10.43.0.14", 80), b -> b.editMetadata()
                .addToLabels(ServiceTranslation.PROXY_NAME_LABEL, "reseau").endMetadata());

        assertThat(translate(List.of(headless, external, foreign, ours), List.of()).ports()).isEmpty();
        assertThat(ServiceTranslation.translate(List.of(foreign, ours), List.of(),
                new ServiceTranslation.Settings(Optional.of("reseau"), 30_000, 32_767)).ports())
                .extracting(p -> p.servicePort().name().service()).containsExactly("ours");
    }

    @Test
    void nodePortsOutsideTheRangeAreReportedAndNotOpened() {
        Service service = nodePort(service("shop", "web", "10.43.0.10", 80), 8080);

        ServiceTranslation.Result result = translate(List.of(service), List.of());

        assertThat(result.ports().getFirst().servicePort().nodePort()).isZero();
        assertThat(result.ports().getFirst().servicePort().clusterIPs()).as("the cluster IP still works").isNotEmpty();
        assertThat(reasons(result)).containsExactly("NodePortOutOfRange");
    }

    @Test
    void badAddressesAreReportedAndLeftOutWhileTheRestIsKept() {
        Service service = edit(service("shop", "web", "10.43.0.10", 80),
                b -> b.editSpec().withExternalIPs("192.0.2.10", "not-an-ip", "300.1.1.1").endSpec());
        EndpointSlice slice = slice("shop", "web", "s", 8080, Ep.ready("10.42.1.5", "n1"), Ep.ready("fd00::1", "n1"),
                Ep.ready("nonsense", "n1"));

        ServiceTranslation.Result result = translate(List.of(service), List.of(slice));

        assertThat(result.ports().getFirst().servicePort().externalIPs()).containsExactly("192.0.2.10");
        assertThat(result.ports().getFirst().endpoints()).extracting(Endpoint::address).containsExactly("10.42.1.5");
        assertThat(reasons(result)).containsExactly("InvalidExternalIP", "InvalidExternalIP", "InvalidEndpointAddress",
                "InvalidEndpointAddress");
        assertThat(result.problems().get(2).object()).isSameAs(slice);
    }

    @Test
    void anExternalIPClaimedTwiceStaysWithTheOlderService() {
        Service older = edit(service("a", "first", "10.43.0.10", 80),
                b -> b.editMetadata().withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata().editSpec().withExternalIPs("192.0.2.10").endSpec());
        Service newer = edit(service("b", "second", "10.43.0.11", 80),
                b -> b.editMetadata().withCreationTimestamp("2026-02-01T00:00:00Z").endMetadata().editSpec().withExternalIPs("192.0.2.10").endSpec());

        ServiceTranslation.Result result = translate(List.of(newer, older), List.of());

        assertThat(result.ports()).extracting(p -> p.servicePort().externalIPs())
                .containsExactly(List.of("192.0.2.10"), List.of());
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo("DuplicateFrontend");
            assertThat(p.object()).isSameAs(newer);
        });
    }

    @Test
    void policiesAffinityAndHealthCheckPortAreRead() {
        Service service = edit(nodePort(service("shop", "web", "10.43.0.10", 80), 30080), b -> b.editSpec()
                .withType("LoadBalancer").withExternalTrafficPolicy("Local").withInternalTrafficPolicy("Local")
                .withHealthCheckNodePort(31000).withSessionAffinity("ClientIP").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("192.0.2.50").endIngress()
                .addNewIngress().withHostname("lb.example.com").endIngress().endLoadBalancer().endStatus());

        ServicePort port = translate(List.of(service), List.of()).ports().getFirst().servicePort();

        assertThat(port.externalLocal()).isTrue();
        assertThat(port.internalLocal()).isTrue();
        assertThat(port.healthCheckNodePort()).isEqualTo(31000);
        assertThat(port.affinity()).contains(Duration.ofHours(3));
        assertThat(port.loadBalancerIPs()).containsExactly("192.0.2.50");
        assertThat(port.nodePort()).isEqualTo(30080);
    }

    @Test
    void anUnsupportedProtocolDropsOnlyThatPort() {
        Service service = edit(service("shop", "web", "10.43.0.10", 80), b -> b.editSpec().addToPorts(
                new ServicePortBuilder().withName("weird").withProtocol("QUIC").withPort(443).build()).endSpec());

        ServiceTranslation.Result result = translate(List.of(service), List.of());

        assertThat(result.ports()).extracting(p -> p.servicePort().port()).containsExactly(80);
        assertThat(reasons(result)).containsExactly("UnsupportedProtocol");
    }

    @Test
    void dualStackServicesKeepBothFamilies() {
        Service service = edit(service("shop", "web", "10.43.0.10", 80),
                b -> b.editSpec().withClusterIPs("10.43.0.10", "fd43:0:0:0::a").endSpec());

        ServiceTranslation.Result result = translate(List.of(service), List.of(
                slice("shop", "web", "v4", "IPv4", "http", 8080, Ep.ready("10.42.1.5", "n1")),
                slice("shop", "web", "v6", "IPv6", "http", 8080, Ep.ready("fd42::1:5", "n1"))));

        assertThat(result.ports().getFirst().servicePort().clusterIPs()).containsExactly("10.43.0.10", "fd43::a");
        assertThat(result.ports().getFirst().endpoints()).extracting(Endpoint::address).containsExactly("10.42.1.5", "fd42::1:5");
    }

    @Test
    void aRememberedTranslationFollowsChangesAndHandsOnUnchangedPortsAsTheSameObjects() {
        Service web = service("shop", "web", "10.43.0.10", 80);
        Service api = service("shop", "api", "10.43.0.11", 80);
        EndpointSlice webSlice = slice("shop", "web", "w", "IPv4", "http", 8080, Ep.ready("10.42.1.5", "n1"));
        EndpointSlice apiSlice = slice("shop", "api", "a", "IPv4", "http", 8080, Ep.ready("10.42.1.6", "n1"));
        ServiceTranslation remembering = new ServiceTranslation(SETTINGS);
        ServiceTranslation.Result first = remembering.translate(List.of(web, api), List.of(webSlice, apiSlice));

        EndpointSlice apiScaled = slice("shop", "api", "a", "IPv4", "http", 8080, Ep.ready("10.42.1.6", "n1"),
                Ep.ready("10.42.2.6", "n2"));
        Service clash = edit(service("shop", "clash", "10.43.0.10", 80),
                b -> b.editMetadata().withCreationTimestamp("2099-01-01T00:00:00Z").endMetadata());
        ServiceTranslation.Result second = remembering.translate(List.of(web, api, clash), List.of(webSlice, apiScaled));

        assertThat(second).isEqualTo(translate(List.of(web, api, clash), List.of(webSlice, apiScaled)));
        assertThat(portOf(second, "web")).isSameAs(portOf(first, "web"));
        assertThat(portOf(second, "api").endpoints()).hasSize(2);
        assertThat(reasons(second)).containsExactly("DuplicateFrontend");
    }

    @Test
    void updatesOfTheChangedServicesOnlyKeepTheResultAFullTranslationGives() {
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, EndpointSlice> slices = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            String created = "2026-01-0" + (1 + i) + "T00:00:00Z";
            Service service = edit(service("shop", "s" + i, "10.43.0." + (10 + i), 80),
                    b -> b.editMetadata().withCreationTimestamp(created).endMetadata());
            services.put("shop/s" + i, service);
            slices.put("shop/s" + i, slice("shop", "s" + i, "x", "IPv4", "http", 8080, Ep.ready("10.42.1." + i, "n1")));
        }
        ServiceTranslation updated = new ServiceTranslation(SETTINGS);
        Map<String, List<ServicePortEndpoints>> expected = new HashMap<>(
                updated.translate(services.values(), slices.values()).changes().services());
        ServiceTranslation.Lookup lookup = new ServiceTranslation.Lookup(key -> Optional.ofNullable(services.get(key)),
                key -> Optional.ofNullable(slices.get(key)).map(List::of).orElse(List.of()));
        List<Runnable> changes = List.of(
                () -> slices.put("shop/s1", slice("shop", "s1", "x", "IPv4", "http", 8080, Ep.ready("10.42.2.1", "n2"))),
                () -> services.put("shop/s2", edit(services.get("shop/s2"),
                        b -> b.editSpec().withClusterIP("10.43.0.10").withClusterIPs("10.43.0.10").endSpec())),
                () -> services.remove("shop/s0"),
                () -> services.put("shop/s3", edit(services.get("shop/s3"), b -> b.editSpec().withExternalIPs("192.0.2.1").endSpec())),
                () -> slices.remove("shop/s4"),
                () -> services.put("shop/s9", service("shop", "s9", "10.43.0.99", 80)));
        List<String> keys = List.of("shop/s1", "shop/s2", "shop/s0", "shop/s3", "shop/s4", "shop/s9");
        for (int i = 0; i < changes.size(); i++) {
            changes.get(i).run();
            ServiceTranslation.Result partial = updated.update(Set.of(keys.get(i)), lookup);
            ServiceTranslation.Result full = translate(List.copyOf(services.values()), List.copyOf(slices.values()));

            assertThat(partial.changes().complete()).isFalse();
            assertThat(partial.changes().services()).containsKey(keys.get(i));
            expected.putAll(partial.changes().services());
            expected.values().removeIf(List::isEmpty);
            assertThat(expected).as("after change %d", i).isEqualTo(full.changes().services());
            assertThat(partial.standingProblems()).isEqualTo(full.problems().size());
        }
    }

    private static Service nodePort(Service service, int nodePort) {
        return edit(service, b -> b.editSpec().withType("NodePort").editFirstPort().withNodePort(nodePort).endPort().endSpec());
    }

    private static ServiceTranslation.Result translate(List<Service> services, List<EndpointSlice> slices) {
        return ServiceTranslation.translate(services, slices, SETTINGS);
    }

    private static ServicePortEndpoints portOf(ServiceTranslation.Result result, String service) {
        return result.ports().stream().filter(p -> p.servicePort().name().service().equals(service)).findFirst().orElseThrow();
    }

    private static List<String> reasons(ServiceTranslation.Result result) {
        return result.problems().stream().map(Problem::reason).toList();
    }
}
