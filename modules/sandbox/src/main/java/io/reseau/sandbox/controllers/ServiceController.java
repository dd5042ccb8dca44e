package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.watch.ResourceCache;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Gives Services their defaults, cluster IP and node ports, as the API server does on create. */
final class ServiceController {

    private final KubernetesClient client;
    private final ResourceCache<Service> services;

    ServiceController(KubernetesClient client, ResourceCache<Service> services) {
        this.client = client;
        this.services = services;
    }

    void sync() {
        Set<String> clusterIps = new HashSet<>();
        Set<Integer> nodePorts = new HashSet<>();
        services.list().forEach(service -> remember(service, clusterIps, nodePorts));
        for (Service service : services.list()) {
            Optional<Service> completed = ServiceDefaults.complete(service, clusterIps, nodePorts);
            if (completed.isPresent()) {
                remember(completed.get(), clusterIps, nodePorts);
                client.services().inNamespace(service.getMetadata().getNamespace())
                        .withName(service.getMetadata().getName()).edit(current -> {
                            current.setSpec(completed.get().getSpec());
                            return current;
                        });
            }
        }
    }

    private static void remember(Service service, Set<String> clusterIps, Set<Integer> nodePorts) {
        if (service.getSpec() == null) {
            return;
        }
        if (service.getSpec().getClusterIP() != null) {
            clusterIps.add(service.getSpec().getClusterIP());
        }
        if (service.getSpec().getPorts() != null) {
            service.getSpec().getPorts().stream().map(ServicePort::getNodePort).filter(p -> p != null)
                    .forEach(nodePorts::add);
        }
    }
}
