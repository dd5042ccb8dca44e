package io.reseau.ingress.model;

import java.util.Optional;

/**
 * One path of one Ingress rule: what it matches, where it goes, with which policy, and the canary Ingress that
 * takes some of its requests, if any.
 */
public record Route(String ingress, PathMatch match, Backend backend, RoutePolicy policy, Optional<Canary> canary) {

    public Route(String ingress, PathMatch match, Backend backend, RoutePolicy policy) {
        this(ingress, match, backend, policy, Optional.empty());
    }

    /** The name of the route's Ingress without its namespace ({@code ingress} is {@code namespace/name}). */
    public String ingressName() {
        return ingress.substring(ingress.indexOf('/') + 1);
    }

    /** The route that answers requests no rule matched: the Ingress's {@code defaultBackend}. */
    public static Route fallback(String ingress, Backend backend, RoutePolicy policy) {
        return new Route(ingress, new PathMatch.Prefix("/"), backend, policy);
    }

    /** This route with a canary Ingress taking the requests its rule selects. */
    public Route withCanary(CanaryRule rule, String canaryIngress, Backend canaryBackend) {
        return new Route(ingress, match, backend, policy,
                Optional.of(new Canary(rule, new Route(canaryIngress, match, canaryBackend, policy))));
    }
}
