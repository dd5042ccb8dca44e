package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.Route;
import java.net.InetSocketAddress;

/**
 * One request as the access log and metrics see it. {@code route} is null when no route matched; {@code endpoint}
 * null when reseau answered itself; {@code upstreamError} says the backend failed; {@code requestId} is its
 * X-Request-ID, or empty. Texts that only the access log needs ({@link #upstream()}) are made when asked, not for
 * every request.
 */
public record CompletedRequest(String client, String protocol, String method, String host, String path, int status,
        long bodyBytesSent, long durationNanos, Route route, InetSocketAddress endpoint, boolean upstreamError,
        String requestId) {

    /** The Ingress ({@code namespace/name}) whose route served the request, or empty. */
    public String ingress() {
        return route == null ? "" : route.ingress();
    }

    /** The Service port ({@code namespace/service:port}) the request went to, or empty. */
    public String service() {
        return route == null ? "" : route.backend().describe();
    }

    /** The endpoint that answered, as {@link #endpointText} writes it, or empty. */
    public String upstream() {
        return endpointText(endpoint);
    }

    /**
     * An endpoint as the access log writes it: {@code address:port}, or an ExternalName Service's {@code name:port};
     * empty for none.
     */
    static String endpointText(InetSocketAddress endpoint) {
        return endpoint == null ? "" : endpoint.getHostString() + ":" + endpoint.getPort();
    }
}
