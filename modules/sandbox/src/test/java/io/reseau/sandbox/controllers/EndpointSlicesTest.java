package io.reseau.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases from the EndpointSlice documentation and kube-controller-manager's behaviour. */
class EndpointSlicesTest {

    @Test
    void readyPodsSelectedByTheServiceBecomeEndpointsWithTheServicesLabels() {
        List<EndpointSlice> slices = EndpointSlices.desired(List.of(service("web", new IntOrString(8080))),
                List.of(pod("web-1", "10.42.1.2", true, "app", "web"), pod("web-2", "10.42.2.2", false, "app", "web"),
                        pod("other", "10.42.1.9", true, "app", "other")));

        assertThat(slices).hasSize(1);
        EndpointSlice slice = slices.getFirst();
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "web")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "reseau-sandbox");
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
        assertThat(slice.getEndpoints()).extracting(e -> e.getAddresses().getFirst(), e -> e.getConditions().getReady())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.42.1.2", true),
                        org.assertj.core.groups.Tuple.tuple("10.42.2.2", false));
        assertThat(slice.getEndpoints()).extracting(Endpoint::getNodeName).containsExactly("node-1", "node-1");
    }

    @Test
    void aNamedTargetPortResolvesPerPodAndPodsWithDifferentNumbersGetSlicesOfTheirOwn() {
        Pod old = new PodBuilder(pod("web-1", "10.42.1.2", true, "app", "web")).editSpec().editFirstContainer()
                .editFirstPort().withContainerPort(8080).endPort().endContainer().endSpec().build();
        Pod moved = new PodBuilder(pod("web-2", "10.42.2.2", true, "app", "web")).editSpec().editFirstContainer()
                .editFirstPort().withContainerPort(9090).endPort().endContainer().endSpec().build();

        List<EndpointSlice> slices = EndpointSlices.desired(List.of(service("web", new IntOrString("http"))),
                List.of(old, moved));

        assertThat(slices).hasSize(2);
        assertThat(slices).extracting(s -> s.getPorts().getFirst().getPort()).containsExactlyInAnyOrder(8080, 9090);
        assertThat(slices).extracting(s -> s.getMetadata().getName()).doesNotHaveDuplicates()
                .allMatch(name -> name.startsWith("web-"));
    }

    @Test
    void podsWithoutAnAddressTerminatingPodsAndServicesWithoutSelector() {
        Pod pending = new PodBuilder(pod("web-1", null, false, "app", "web")).build();
        Pod terminating = new PodBuilder(pod("web-2", "10.42.1.3", true, "app", "web")).editMetadata()
                .withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
        Service noSelector = new ServiceBuilder(service("manual", new IntOrString(80))).editSpec().withSelector(null)
                .endSpec().build();

        List<EndpointSlice> slices = EndpointSlices.desired(List.of(service("web", new IntOrString(8080)), noSelector),
                List.of(pending, terminating));

        assertThat(slices).singleElement().satisfies(slice -> assertThat(slice.getEndpoints()).singleElement()
                .satisfies(endpoint -> {
                    assertThat(endpoint.getConditions().getReady()).isFalse();
                    assertThat(endpoint.getConditions().getServing()).isTrue();
                    assertThat(endpoint.getConditions().getTerminating()).isTrue();
                }));
    }

    static Service service(String name, IntOrString targetPort) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .endMetadata().withNewSpec().addToSelector("app", name).addNewPort().withName("http").withPort(80)
                .withTargetPort(targetPort).endPort().endSpec().build();
    }

    static Pod pod(String name, String ip, boolean ready, String label, String value) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .addToLabels(label, value).endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("c").addNewPort().withName("http")
                .withContainerPort(8080).endPort().endContainer().endSpec()
                .withNewStatus().withPodIP(ip).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus().build();
    }
}
