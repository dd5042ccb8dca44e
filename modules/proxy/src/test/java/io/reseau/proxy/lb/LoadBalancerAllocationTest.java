package io.reseau.proxy.lb;

import static io.reseau.proxy.testing.Objects.edit;
import static io.reseau.proxy.testing.Objects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.reseau.proxy.model.Problem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LoadBalancerAllocationTest {

    private static final AddressPool POOL = AddressPool.parse(List.of("192.0.2.0/30", "198.51.100.10-198.51.100.11"));

    @Test
    void aPoolIsCidrsWithoutNetworkAndBroadcastAndInclusiveRanges() {
        assertThat(POOL.contains("192.0.2.0")).isFalse();
        assertThat(POOL.contains("192.0.2.1")).isTrue();
        assertThat(POOL.contains("192.0.2.3")).isFalse();
        assertThat(POOL.contains("198.51.100.11")).isTrue();
        assertThat(POOL.firstFree(false, Set.of("192.0.2.1", "192.0.2.2"))).contains("198.51.100.10");
        assertThat(AddressPool.parse(List.of("fd00:1::/126")).firstFree(true, Set.of("fd00:1::"))).contains("fd00:1::1");
        assertThatThrownBy(() -> AddressPool.parse(List.of("192.0.2.9-192.0.2.1"))).hasMessageContaining("lower to a higher");
        assertThatThrownBy(() -> AddressPool.parse(List.of("pool"))).hasMessageContaining("neither a CIDR");
        assertThatThrownBy(() -> AddressPool.parse(List.of("pool-a"))).hasMessageContaining("'pool' is not an IP address");
    }

    @Test
    void servicesGetFreeAddressesOldestFirstKeepTheirsAndMayAskForOne() {
        Service keeps = lb("a-keeps", "2026-01-03T00:00:00Z", List.of("198.51.100.10"));
        Service asks = edit(lb("b-asks", "2026-01-02T00:00:00Z", List.of()), b -> b.editSpec().withLoadBalancerIP("192.0.2.2").endSpec());
        Service first = lb("c-first", "2026-01-01T00:00:00Z", List.of());

        Map<String, List<String>> assigned = assigned(LoadBalancerAllocation.assign(List.of(keeps, asks, first), List.of(),
                LoadBalancerAllocation.Mode.POOL, POOL));

        assertThat(assigned).containsEntry("a-keeps", List.of("198.51.100.10"))
                .containsEntry("b-asks", List.of("192.0.2.2"))
                .containsEntry("c-first", List.of("192.0.2.1"));
    }

    @Test
    void anExhaustedPoolIsReported() {
        List<Service> many = List.of(lb("s1", "2026-01-01T00:00:00Z", List.of()), lb("s2", "2026-01-02T00:00:00Z", List.of()),
                lb("s3", "2026-01-03T00:00:00Z", List.of()), lb("s4", "2026-01-04T00:00:00Z", List.of()),
                lb("s5", "2026-01-05T00:00:00Z", List.of()));

        LoadBalancerAllocation.Result result = LoadBalancerAllocation.assign(many, List.of(), LoadBalancerAllocation.Mode.POOL, POOL);

        assertThat(assigned(result)).containsEntry("s5", List.of());
        assertThat(result.problems()).extracting(Problem::reason).containsExactly("LoadBalancerPoolExhausted");
    }

    @Test
    void anotherControllersServicesAreNeverTouched() {
        Service otherClass = edit(lb("other-class", "2026-01-01T00:00:00Z", List.of()),
                b -> b.editSpec().withLoadBalancerClass("example.com/cloud").endSpec());
        Service foreignStatus = edit(lb("foreign", "2026-01-01T00:00:00Z", List.of()), b -> b.withNewStatus()
                .withNewLoadBalancer().addNewIngress().withIp("203.0.113.9").endIngress().endLoadBalancer().endStatus());

        LoadBalancerAllocation.Result result = LoadBalancerAllocation.assign(List.of(otherClass, foreignStatus), List.of(),
                LoadBalancerAllocation.Mode.POOL, POOL);

        assertThat(result.assignments()).isEmpty();
    }

    @Test
    void aServiceThatNoLongerWantsALoadBalancerHasItsAddressCleared() {
        Service was = edit(lb("was", "2026-01-01T00:00:00Z", List.of("192.0.2.1")), b -> b.editSpec().withType("ClusterIP").endSpec());

        assertThat(assigned(LoadBalancerAllocation.assign(List.of(was), List.of(), LoadBalancerAllocation.Mode.POOL, POOL)))
                .containsExactly(Map.entry("was", List.of()));
    }

    @Test
    void nodeModeUsesReadyNodesExternalAddressesElseInternalOnes() {
        List<Node> nodes = List.of(node("n1", true, "10.0.0.1", "203.0.113.1"), node("n2", true, "10.0.0.2", null),
                node("n3", false, "10.0.0.3", null));

        assertThat(assigned(LoadBalancerAllocation.assign(List.of(lb("web", "2026-01-01T00:00:00Z", List.of())), nodes,
                LoadBalancerAllocation.Mode.NODE_IPS, POOL))).containsEntry("web", List.of("203.0.113.1", "10.0.0.2"));
    }

    private static Service lb(String name, String created, List<String> ownedAddresses) {
        return edit(service("shop", name, "10.43.1.1", 80), b -> {
            b.editMetadata().withCreationTimestamp(created).endMetadata().editSpec().withType("LoadBalancer").endSpec();
            if (!ownedAddresses.isEmpty()) {
                b.editMetadata().addToAnnotations(LoadBalancerAllocation.OWNED, String.join(",", ownedAddresses)).endMetadata();
                b.withNewStatus().withNewLoadBalancer().withIngress(ownedAddresses.stream()
                        .map(ip -> new io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder().withIp(ip).build()).toList())
                        .endLoadBalancer().endStatus();
            }
            return b;
        });
    }

    private static Node node(String name, boolean ready, String internal, String external) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewAddress().withType("InternalIP").withAddress(internal).endAddress().endStatus();
        if (external != null) {
            node.editStatus().addNewAddress().withType("ExternalIP").withAddress(external).endAddress().endStatus();
        }
        return node.build();
    }

    private static Map<String, List<String>> assigned(LoadBalancerAllocation.Result result) {
        return result.assignments().stream().collect(Collectors.toMap(a -> a.service().getMetadata().getName(),
                LoadBalancerAllocation.Assignment::addresses));
    }
}
