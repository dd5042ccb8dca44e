package io.reseau.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the API server fills in on create (Service v1 defaults, cluster IP and node port allocation). */
class ServiceDefaultsTest {

    @Test
    void aBareServiceGetsTheDefaultsAndTheFirstFreeClusterIp() {
        Service completed = ServiceDefaults.complete(service(null), Set.of("10.43.0.2"), Set.of()).orElseThrow();

        assertThat(completed.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(completed.getSpec().getClusterIP()).isEqualTo("10.43.0.3");
        assertThat(completed.getSpec().getClusterIPs()).containsExactly("10.43.0.3");
        assertThat(completed.getSpec().getPorts().getFirst().getProtocol()).isEqualTo("TCP");
        assertThat(completed.getSpec().getPorts().getFirst().getTargetPort()).isEqualTo(new IntOrString(80));
        assertThat(completed.getSpec().getPorts().getFirst().getNodePort()).isNull();
    }

    @Test
    void loadBalancerAndNodePortServicesGetFreeNodePortsAndKeepChosenOnes() {
        Service twoPorts = new ServiceBuilder(service("LoadBalancer")).editSpec().addNewPort().withName("b").withPort(81)
                .withNodePort(30005).endPort().endSpec().build();

        Service completed = ServiceDefaults.complete(twoPorts, Set.of(), Set.of(30000, 30001)).orElseThrow();

        assertThat(completed.getSpec().getPorts()).extracting(p -> p.getNodePort()).containsExactly(30002, 30005);
        assertThat(completed.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    }

    @Test
    void aCompleteServiceNeedsNothingAndAHeadlessOneGetsNoClusterIp() {
        Service once = ServiceDefaults.complete(service("NodePort"), Set.of(), Set.of()).orElseThrow();
        assertThat(ServiceDefaults.complete(once, Set.of(), Set.of())).isEqualTo(Optional.empty());

        Service headless = new ServiceBuilder(service(null)).editSpec().withClusterIP("None").endSpec().build();
        assertThat(ServiceDefaults.complete(headless, Set.of(), Set.of()).orElseThrow().getSpec().getClusterIP())
                .isEqualTo("None");
    }

    private static Service service(String type) {
        return new ServiceBuilder().withNewMetadata().withName("s").withNamespace("default").endMetadata()
                .withNewSpec().withType(type).addNewPort().withName("a").withPort(80).endPort().endSpec().build();
    }
}
