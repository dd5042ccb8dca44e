package io.reseau.cni.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.reseau.hostnet.link.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nodes to the overlay's routes, neighbours and FDB entries, as flannel's VXLAN backend programs them. */
class OverlayPlanTest {

    private static final String MAC2 = "02:00:00:00:00:02";
    private static final String MAC3 = "02:00:00:00:00:03";

    @Test
    void everyOtherNodesPodCidrsGoThroughItsVtep() {
        OverlayPlan plan = plan(
                node("node1", List.of("10.42.1.0/24", "fd42:0:1::/64"), null, null),
                node("node2", List.of("10.42.2.0/24", "fd42:0:2::/64"), MAC2, "192.168.0.2"),
                node("node3", List.of("10.42.3.0/24"), MAC3.toUpperCase(), "192.168.0.3"));
        assertThat(plan.ownPodCidrs()).extracting(Object::toString).containsExactly("10.42.1.0/24", "fd42:0:1::/64");
        assertThat(plan.routes()).containsExactly(
                Route.onlinkVia("10.42.2.0/24", "10.42.2.0", "vx"),
                Route.onlinkVia("fd42:0:2::/64", "fd42:0:2::", "vx"),
                Route.onlinkVia("10.42.3.0/24", "10.42.3.0", "vx"));
        assertThat(plan.neighbours()).isEqualTo(Map.of("10.42.2.0", MAC2, "fd42:0:2::", MAC2, "10.42.3.0", MAC3));
        assertThat(plan.fdb()).isEqualTo(Map.of(MAC2, "192.168.0.2", MAC3, "192.168.0.3"));
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void nodesNotReadyAreLeftOutAndNamed() {
        OverlayPlan plan = plan(
                node("node1", List.of("10.42.1.0/24"), null, null),
                node("no-cidr", List.of(), MAC2, "192.168.0.2"),
                node("no-vtep", List.of("10.42.4.0/24"), null, null),
                node("bad-mac", List.of("10.42.5.0/24"), "not-a-mac", "192.168.0.5"));
        assertThat(plan.routes()).isEmpty();
        assertThat(plan.fdb()).isEmpty();
        assertThat(plan.problems()).hasSize(3).anySatisfy(p -> assertThat(p).contains("no-cidr has no pod CIDR"))
                .anySatisfy(p -> assertThat(p).contains("no-vtep has not published a valid VTEP"))
                .anySatisfy(p -> assertThat(p).contains("bad-mac").contains("not-a-mac"));
    }

    @Test
    void theOlderSinglePodCidrFieldIsReadAndBadCidrsAreReported() {
        Node old = new NodeBuilder().withNewMetadata().withName("old").addToAnnotations(VtepAnnotations.MAC, MAC2)
                .addToAnnotations(VtepAnnotations.UNDERLAY_IP, "192.168.0.9").endMetadata()
                .withNewSpec().withPodCIDR("10.42.9.0/24").endSpec().build();
        List<String> problems = new ArrayList<>();
        assertThat(NodeFacts.of(old, problems::add).podCidrs()).extracting(Object::toString).containsExactly("10.42.9.0/24");
        NodeFacts bad = NodeFacts.of(node("bad", List.of("10.42.9.1/24"), null, null), problems::add);
        assertThat(bad.podCidrs()).isEmpty();
        assertThat(problems).singleElement().asString().contains("Node bad").contains("host bits set");
    }

    private static OverlayPlan plan(Node... nodes) {
        List<NodeFacts> facts = java.util.Arrays.stream(nodes).map(n -> NodeFacts.of(n, p -> { })).toList();
        return OverlayPlan.compute(facts, "node1", "vx");
    }

    private static Node node(String name, List<String> cidrs, String mac, String underlay) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withPodCIDRs(cidrs).endSpec();
        if (mac != null) {
            node.editMetadata().addToAnnotations(VtepAnnotations.MAC, mac)
                    .addToAnnotations(VtepAnnotations.UNDERLAY_IP, underlay).endMetadata();
        }
        return node.build();
    }
}
