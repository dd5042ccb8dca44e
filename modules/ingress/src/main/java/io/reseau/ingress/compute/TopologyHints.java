package io.reseau.ingress.compute;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointHints;
import io.fabric8.kubernetes.api.model.discovery.v1.ForNode;
import io.fabric8.kubernetes.api.model.discovery.v1.ForZone;
import io.reseau.ingress.model.Locality;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Topology-aware routing ({@code enable-topology-aware-routing}): of a Service port's ready endpoints, those its
 * EndpointSlices hint for reseau's own node, else for its own zone, chosen as kube-proxy chooses them. Node hints
 * ({@code trafficDistribution: PreferSameNode}) are used when every ready endpoint has some and at least one is for
 * the node; zone hints (the EndpointSlice controller writes them for Services that ask,
 * {@code service.kubernetes.io/topology-mode: Auto} or {@code trafficDistribution: PreferClose}) likewise for the
 * zone; otherwise every ready endpoint is used, so that a node or zone left without endpoints of its own is still
 * served.
 */
final class TopologyHints {

    private TopologyHints() {
    }

    /** Which of these ready endpoints to use, for a proxy running at {@code locality}. */
    static Predicate<Endpoint> chooser(Collection<Endpoint> ready, Locality locality) {
        return hinted(ready, locality.node(), hints -> names(hints.getForNodes(), ForNode::getName))
                .or(() -> hinted(ready, locality.zone(), hints -> names(hints.getForZones(), ForZone::getName)))
                .orElse(endpoint -> true);
    }

    /**
     * The endpoints hinted for {@code place}, when every ready endpoint has hints of this kind and some are for it.
     */
    private static Optional<Predicate<Endpoint>> hinted(Collection<Endpoint> ready, Optional<String> place,
            Function<EndpointHints, List<String>> kind) {
        if (place.isEmpty()) {
            return Optional.empty();
        }
        Predicate<Endpoint> forPlace = endpoint -> places(endpoint, kind).contains(place.get());
        boolean everyHinted = ready.stream().noneMatch(endpoint -> places(endpoint, kind).isEmpty());
        return everyHinted && ready.stream().anyMatch(forPlace) ? Optional.of(forPlace) : Optional.empty();
    }

    private static List<String> places(Endpoint endpoint, Function<EndpointHints, List<String>> kind) {
        return endpoint.getHints() == null ? List.of() : kind.apply(endpoint.getHints());
    }

    private static <T> List<String> names(List<T> hints, Function<T, String> name) {
        return hints == null ? List.of() : hints.stream().map(name).toList();
    }
}
