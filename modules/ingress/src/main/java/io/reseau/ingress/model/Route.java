package io.reseau.ingress.model;

/** One path of one Ingress rule: what it matches, where it goes, and with which policy. */
public record Route(String ingress, PathMatch match, Backend backend, RoutePolicy policy) {

    /** The route that answers requests no rule matched: the Ingress's {@code defaultBackend}. */
    public static Route fallback(String ingress, Backend backend, RoutePolicy policy) {
        return new Route(ingress, new PathMatch.Prefix("/"), backend, policy);
    }
}
