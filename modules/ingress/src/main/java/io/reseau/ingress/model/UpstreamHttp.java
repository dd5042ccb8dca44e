package io.reseau.ingress.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * How an HTTP/1.x backend is asked, as ingress-nginx's {@code proxy-http-version} and
 * {@code connection-proxy-header} say.
 *
 * @param http10     ask over HTTP/1.0 ({@code "1.0"}): no chunked body (a chunked request body is received whole
 *                   first and sent with its length) and the connection closed after the response; an upgrade
 *                   (WebSocket) is still asked over HTTP/1.1, which it needs
 * @param connection the Connection field the backend gets instead of none (a kept-alive HTTP/1.1 connection);
 *                   with the {@code close} option the connection is not used again; an upgrade keeps its own
 */
public record UpstreamHttp(boolean http10, Optional<String> connection) {

    public static final UpstreamHttp DEFAULT = new UpstreamHttp(false, Optional.empty());

    /** Whether the backend's connection may carry another request once this one is answered. */
    public boolean keepsAlive() {
        return !http10 && connection.map(value -> Arrays.stream(value.split(","))
                .noneMatch(option -> option.strip().equalsIgnoreCase("close"))).orElse(true);
    }
}
