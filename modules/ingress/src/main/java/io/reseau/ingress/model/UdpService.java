package io.reseau.ingress.model;

import java.time.Duration;

/**
 * A port reseau-ingress relays UDP datagrams on, to a Service port (ingress-nginx's {@code udp-services}
 * ConfigMap). Each client address gets a session with one endpoint, as nginx's stream module keeps them.
 *
 * @param port        the port listened on
 * @param backend     the Service port's ready endpoints, one picked per session
 * @param responses   datagrams expected back for each one sent ({@code proxy-stream-responses}): a session ends
 *                    when that many have come back for every datagram of the client
 * @param idleTimeout a session where nothing flows either way this long ends ({@code proxy-stream-timeout})
 */
public record UdpService(int port, Backend backend, int responses, Duration idleTimeout) {
}
