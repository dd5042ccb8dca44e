package io.reseau.ingress.model;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where a route's requests go: one Service port, resolved to the ready endpoints of its EndpointSlices (the
 * proxy connects to pods directly, not through the ClusterIP), or for an ExternalName Service to its name (an
 * unresolved address, looked up when connecting). No endpoints means 503. {@code name} is
 * {@code namespace/service:port}, made once here because every request reads it (round-robin position, metrics).
 */
public record Backend(String namespace, String service, String port, BackendProtocol protocol,
        List<InetSocketAddress> endpoints, String name) {

    public Backend {
        endpoints = List.copyOf(endpoints);
    }

    public Backend(String namespace, String service, String port, BackendProtocol protocol,
            List<InetSocketAddress> endpoints) {
        this(namespace, service, port, protocol, endpoints, namespace + "/" + service + ":" + port);
    }

    /** The name of an ExternalName Service (its one endpoint, looked up when connecting), if this is one. */
    public Optional<String> externalName() {
        return endpoints.size() == 1 && endpoints.getFirst().isUnresolved()
                ? Optional.of(endpoints.getFirst().getHostString()) : Optional.empty();
    }

    /** {@code namespace/service:port}, for logs, metrics and Events. */
    public String describe() {
        return name;
    }
}
