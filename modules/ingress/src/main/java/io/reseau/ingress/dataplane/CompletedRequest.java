package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.Route;
import java.net.InetSocketAddress;

/**
 * One request as the access log and metrics see it. {@code path} is normalised, {@code query} the target's query
 * without its {@code ?} (empty without one); {@code route} is null when no route matched; {@code endpoint} null when
 * reseau answered itself; {@code upstreamError} says the backend failed; {@code upstreamStatus} is the status of the
 * last endpoint's answer (0 without one: none was asked, or none answered), {@code upstreamNanos} the time from
 * asking that endpoint (connecting included) to the end of the response (-1 when none was asked);
 * {@code requestId} is its X-Request-ID, {@code userAgent} and {@code referer} its User-Agent and Referer fields,
 * each empty without one. Texts that only the access log needs ({@link #upstream()}) are made when asked, not for
 * every request.
 */
public record CompletedRequest(String client, String protocol, String method, String host, String path, String query,
        int status, long bodyBytesSent, long durationNanos, Route route, InetSocketAddress endpoint,
        boolean upstreamError, int upstreamStatus, long upstreamNanos, String requestId, String userAgent,
        String referer) {

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
