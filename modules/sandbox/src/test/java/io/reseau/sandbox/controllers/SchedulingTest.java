package io.reseau.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulingTest {

    @Test
    void unboundPodsGoRoundRobinToTheLeastLoadedReadyNode() {
        Map<String, String> bindings = Scheduling.assign(
                List.of(pod("a", null), pod("b", null), pod("c", null), pod("bound", "node-1")),
                List.of(node("node-1", true), node("node-2", true), node("node-3", false)), Map.of());

        assertThat(bindings).containsOnlyKeys("default/a", "default/b", "default/c");
        assertThat(bindings.values()).containsExactlyInAnyOrder("node-2", "node-1", "node-2");
    }

    @Test
    void bindingsAlreadyMadeCountEvenWhenThePodsDoNotShowThemYet() {
        Map<String, String> bindings = Scheduling.assign(List.of(pod("a", null), pod("b", null)),
                List.of(node("node-1", true), node("node-2", true)), Map.of("default/a", "node-1"));

        assertThat(bindings).containsExactly(Map.entry("default/b", "node-2"));
    }

    @Test
    void aHostnameNodeSelectorPinsThePodAndNoReadyNodeLeavesItPending() {
        Pod pinned = new PodBuilder(pod("pinned", null)).editSpec()
                .addToNodeSelector("kubernetes.io/hostname", "node-2").endSpec().build();
        assertThat(Scheduling.assign(List.of(pinned), List.of(node("node-1", true), node("node-2", true)), Map.of()))
                .containsExactly(Map.entry("default/pinned", "node-2"));
        assertThat(Scheduling.assign(List.of(pod("a", null)), List.of(node("node-1", false)), Map.of())).isEmpty();
    }

    private static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node).endSpec().build();
    }

    private static Node node(String name, boolean ready) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().addNewCondition()
                .withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }
}
