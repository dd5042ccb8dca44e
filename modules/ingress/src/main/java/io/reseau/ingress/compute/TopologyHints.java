package io.reseau.ingress.compute;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.ForZone;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Topology-aware routing ({@code enable-topology-aware-routing}): of a Service port's ready endpoints, those its
 * EndpointSlices hint for reseau's own zone, chosen as kube-proxy chooses them. Hints are used only when every ready
 * endpoint has some (the EndpointSlice controller writes them for Services that ask,
 * {@code service.kubernetes.io/topology-mode: Auto} or {@code trafficDistribution: PreferClose}) and at least one is
 * for the zone; otherwise every ready endpoint is used, so that a zone left without endpoints of its own is still
 * served.
 */
final class TopologyHints {

    private TopologyHints() {
    }

    /** Which of these ready endpoints to use, for a proxy in {@code zone} (none known: all of them). */
    static Predicate<Endpoint> chooser(Collection<Endpoint> ready, Optional<String> zone) {
        if (zone.isEmpty() || !ready.stream().allMatch(TopologyHints::hinted)
                || ready.stream().noneMatch(endpoint -> hintedFor(endpoint, zone.get()))) {
            return endpoint -> true;
        }
        return endpoint -> hintedFor(endpoint, zone.get());
    }

    private static boolean hinted(Endpoint endpoint) {
        return endpoint.getHints() != null && endpoint.getHints().getForZones() != null
                && !endpoint.getHints().getForZones().isEmpty();
    }

    private static boolean hintedFor(Endpoint endpoint, String zone) {
        for (ForZone hint : endpoint.getHints().getForZones()) {
            if (zone.equals(hint.getName())) {
                return true;
            }
        }
        return false;
    }
}
