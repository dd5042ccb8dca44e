package io.reseau.proxy.compute;

import io.reseau.proxy.model.Endpoint;
import java.util.List;

/**
 * Which endpoints take traffic, by the EndpointSlice conditions as kube-proxy reads them: the ready ones; if
 * none is ready, those still serving while terminating (so that a rolling restart drains instead of dropping).
 * {@code local} applies the same rule to this node's endpoints only.
 */
public record EndpointSelection(List<Endpoint> cluster, List<Endpoint> local) {

    public static EndpointSelection of(List<Endpoint> endpoints, String nodeName) {
        List<Endpoint> here = endpoints.stream().filter(endpoint -> endpoint.nodeName().equals(nodeName)).toList();
        return new EndpointSelection(usable(endpoints), usable(here));
    }

    private static List<Endpoint> usable(List<Endpoint> endpoints) {
        List<Endpoint> ready = endpoints.stream().filter(Endpoint::ready).toList();
        if (!ready.isEmpty()) {
            return ready;
        }
        return endpoints.stream().filter(endpoint -> endpoint.serving() && endpoint.terminating()).toList();
    }
}
