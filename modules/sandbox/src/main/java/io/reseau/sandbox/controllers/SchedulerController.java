package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.watch.ResourceCache;

/** Binds unbound Pods to nodes ({@link Scheduling}). */
final class SchedulerController {

    private final KubernetesClient client;
    private final ResourceCache<Pod> pods;
    private final ResourceCache<Node> nodes;

    SchedulerController(KubernetesClient client, ResourceCache<Pod> pods, ResourceCache<Node> nodes) {
        this.client = client;
        this.pods = pods;
        this.nodes = nodes;
    }

    void sync() {
        Scheduling.assign(pods.list(), nodes.list()).forEach((key, node) -> {
            String[] namespaceAndName = key.split("/", 2);
            client.pods().inNamespace(namespaceAndName[0]).withName(namespaceAndName[1])
                    .edit(pod -> new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build());
        });
    }
}
