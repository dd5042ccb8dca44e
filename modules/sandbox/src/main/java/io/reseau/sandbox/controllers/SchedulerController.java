package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.watch.ResourceCache;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Binds unbound Pods to nodes ({@link Scheduling}). */
final class SchedulerController {

    private final KubernetesClient client;
    private final ResourceCache<Pod> pods;
    private final ResourceCache<Node> nodes;
    /** Bindings made whose Pods the cache may still show unbound. */
    private final Map<String, String> assumed = new HashMap<>();

    SchedulerController(KubernetesClient client, ResourceCache<Pod> pods, ResourceCache<Node> nodes) {
        this.client = client;
        this.pods = pods;
        this.nodes = nodes;
    }

    void sync() {
        List<Pod> known = pods.list();
        Set<String> unbound = known.stream().filter(pod -> pod.getSpec().getNodeName() == null)
                .map(Scheduling::key).collect(Collectors.toSet());
        assumed.keySet().retainAll(unbound);
        Scheduling.assign(known, nodes.list(), Map.copyOf(assumed)).forEach((key, node) -> {
            assumed.put(key, node);
            String[] namespaceAndName = key.split("/", 2);
            client.pods().inNamespace(namespaceAndName[0]).withName(namespaceAndName[1])
                    .edit(pod -> pod.getSpec().getNodeName() != null ? pod   // bound meanwhile: a binding is final
                            : new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build());
        });
    }
}
