package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox's scheduler: every unbound Pod goes to the Ready node with the fewest Pods (ties to the first by
 * name), which spreads replicas round-robin. A Pod's {@code spec.nodeSelector} on {@code kubernetes.io/hostname}
 * is honoured. Pure.
 */
public final class Scheduling {

    private Scheduling() {
    }

    /**
     * Pod key ({@code namespace/name}) to node, for every unbound Pod that has a node to go to. {@code assumed}
     * are bindings already made that the Pods in hand may not show yet (a cache lags its writes): those Pods
     * count as bound there, as kube-scheduler's assumed pods do.
     */
    public static Map<String, String> assign(List<Pod> pods, List<Node> nodes, Map<String, String> assumed) {
        Map<String, Integer> load = new TreeMap<>();
        nodes.stream().filter(Scheduling::ready).forEach(node -> load.put(node.getMetadata().getName(), 0));
        pods.stream().map(pod -> nodeOf(pod, assumed)).filter(node -> node != null && load.containsKey(node))
                .forEach(node -> load.merge(node, 1, Integer::sum));
        Map<String, String> bindings = new LinkedHashMap<>();
        pods.stream()
                .filter(pod -> nodeOf(pod, assumed) == null && pod.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing((Pod pod) -> pod.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Scheduling::key))
                .forEach(pod -> load.entrySet().stream()
                        .filter(node -> fits(pod, node.getKey()))
                        .min(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                        .ifPresent(node -> {
                            bindings.put(key(pod), node.getKey());
                            node.setValue(node.getValue() + 1);
                        }));
        return bindings;
    }

    private static String nodeOf(Pod pod, Map<String, String> assumed) {
        return pod.getSpec().getNodeName() != null ? pod.getSpec().getNodeName() : assumed.get(key(pod));
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static boolean fits(Pod pod, String node) {
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        String wanted = selector == null ? null : selector.get("kubernetes.io/hostname");
        return wanted == null || wanted.equals(node);
    }

    private static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions().stream()
                .anyMatch(condition -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
    }
}
