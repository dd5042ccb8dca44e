package io.reseau.sandbox.controllers;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reseau.informers.watch.ResourceCache;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives Services their defaults, cluster IP and node ports, as the API server does on create. What it wrote is
 * remembered until the cache holds that version of the Service or a later one: a sync that ran before the watch
 * delivered its own edit would otherwise hand the same address to another Service. (A later version without a
 * cluster IP, written by a client from an older copy, which the mock server does not refuse, is completed again.)
 */
final class ServiceController {

    private final KubernetesClient client;
    private final ResourceCache<Service> services;
    /** Services as this controller wrote them, until the cache holds that version, by uid. */
    private final Map<String, Service> written = new HashMap<>();

    ServiceController(KubernetesClient client, ResourceCache<Service> services) {
        this.client = client;
        this.services = services;
    }

    synchronized void sync() {
        List<Service> view = services.list().stream().map(this::asWritten).toList();
        written.keySet().retainAll(view.stream().map(service -> service.getMetadata().getUid()).toList());
        Set<String> clusterIps = new HashSet<>();
        Set<Integer> nodePorts = new HashSet<>();
        view.forEach(service -> remember(service, clusterIps, nodePorts));
        for (Service service : view) {
            Optional<Service> completed = ServiceDefaults.complete(service, clusterIps, nodePorts);
            if (completed.isPresent()) {
                remember(completed.get(), clusterIps, nodePorts);
                Service stored = client.services().inNamespace(service.getMetadata().getNamespace())
                        .withName(service.getMetadata().getName()).edit(current -> {
                            current.setSpec(completed.get().getSpec());
                            return current;
                        });
                written.put(service.getMetadata().getUid(), stored);
            }
        }
    }

    /** The Service as this controller last wrote it, while the cache has not caught up with that write. */
    private Service asWritten(Service cached) {
        Service mine = written.get(cached.getMetadata().getUid());
        if (mine == null) {
            return cached;
        }
        if (!ResourceVersions.older(cached, mine)) {
            written.remove(cached.getMetadata().getUid());
            return cached;
        }
        return mine;
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
