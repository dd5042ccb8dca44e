package io.reseau.ingress.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The routes of one host, from every Ingress naming it, in the order they are tried (see {@link PathMatch#rank()}),
 * then the fallback for paths none of them matches (an Ingress's {@code defaultBackend}), if any. {@code tls}
 * says whether some Ingress lists the host under {@code spec.tls}: plain HTTP to it is redirected to HTTPS unless
 * the route's policy says otherwise. {@code redirectTo} names the host every request is redirected to instead
 * ({@code from-to-www-redirect}); such a host has no routes. {@code passthrough} is the route whose backend gets the
 * TLS connections naming the host (SNI) undecrypted ({@code ssl-passthrough}); plain HTTP still takes the routes.
 * {@code clientCertificateAuth} asks the host's TLS clients for a certificate and judges its requests by it.
 * {@code cipherSuites} are the TLS 1.2 suites offered to clients naming the host ({@code ssl-ciphers}, IANA names;
 * empty: the controller's); {@code preferServerCiphers} says whether the server's order of them is preferred to the
 * client's ({@code ssl-prefer-server-ciphers}; empty: as the controller says).
 */
public record VirtualHost(String host, List<Route> routes, Optional<Route> fallback, boolean tls,
        Optional<String> redirectTo, Optional<Route> passthrough,
        Optional<ClientCertificateAuth> clientCertificateAuth, List<String> cipherSuites,
        Optional<Boolean> preferServerCiphers) {

    public static final Comparator<Route> ORDER = Comparator.comparingInt((Route route) -> route.match().rank())
            .thenComparing(route -> route.match().path());

    public VirtualHost {
        routes = routes.stream().sorted(ORDER).toList();
        cipherSuites = List.copyOf(cipherSuites);
    }

    /** The route for a normalised request path. */
    public Optional<Route> route(String path) {
        for (Route route : routes) {
            if (route.match().matches(path)) {
                return Optional.of(route);
            }
        }
        return fallback;
    }
}
