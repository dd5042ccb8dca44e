package io.reseau.ingress.model;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where a route's requests go: one Service port, resolved to the ready endpoints of its EndpointSlices (the
 * proxy connects to pods directly, not through the ClusterIP). No endpoints means 503.
 */
public record Backend(String namespace, String service, String port, BackendProtocol protocol,
        List<InetSocketAddress> endpoints) {

    public Backend {
        endpoints = List.copyOf(endpoints);
    }

    /** {@code namespace/service:port}, for logs, metrics and Events. */
    public String describe() {
        return namespace + "/" + service + ":" + port;
    }
}
