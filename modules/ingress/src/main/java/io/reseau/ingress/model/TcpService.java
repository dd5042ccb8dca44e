package io.reseau.ingress.model;

import java.time.Duration;

/**
 * A port reseau-ingress relays TCP connections on, to a Service port (ingress-nginx's {@code tcp-services}
 * ConfigMap): bytes both ways, nothing read.
 *
 * @param port                   the port listened on
 * @param backend                the Service port's ready endpoints, tried in turn
 * @param proxyProtocolIn        connections start with a PROXY protocol header naming the client (the value's
 *                               third field, {@code PROXY}); one without is closed
 * @param proxyProtocolOut       the backend is sent a PROXY protocol (v1) header naming the client first (the
 *                               fourth field, {@code PROXY})
 * @param connectTimeout         how long connecting to an endpoint may take before the next is tried
 * @param idleTimeout            a connection where nothing flows either way this long is closed
 *                               ({@code proxy-stream-timeout})
 * @param nextUpstream           whether a connection an endpoint refused or did not take in time goes on to the next,
 *                               how many endpoints are tried and for how long ({@code proxy-stream-next-upstream},
 *                               {@code -tries}, {@code -timeout})
 */
public record TcpService(int port, Backend backend, boolean proxyProtocolIn, boolean proxyProtocolOut,
        Duration connectTimeout, Duration idleTimeout, NextUpstream nextUpstream) {
}
