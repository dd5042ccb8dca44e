package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.TcpService;
import java.time.Duration;

/**
 * Where a {@link Relay} takes a connection and how: the backend, which failed connections move on to the next
 * endpoint and how many, the connect timeout, how long the connection may stay idle, and whether the backend is
 * first sent a PROXY protocol header naming the client; and how the access log and metrics name it
 * ({@link RelayedConnection}).
 */
record RelayTarget(Backend backend, NextUpstream nextUpstream, Duration connectTimeout, Duration idleTimeout,
        boolean proxyProtocol, String protocol, String entry, boolean accessLog) {

    /**
     * {@code ssl-passthrough} to {@code host}: the route's backend, retries and timeouts (proxy-read-timeout as the
     * idle time).
     */
    static RelayTarget of(Route route, String host) {
        return new RelayTarget(route.backend(), route.policy().nextUpstream(), route.policy().connectTimeout(),
                route.policy().readTimeout(), false, "TLS", host, route.policy().accessLog());
    }

    /** A TCP service: its backend, retries and timeouts. */
    static RelayTarget of(TcpService service) {
        return new RelayTarget(service.backend(), service.nextUpstream(), service.connectTimeout(),
                service.idleTimeout(), service.proxyProtocolOut(), "TCP", Integer.toString(service.port()), true);
    }
}
