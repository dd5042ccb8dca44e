package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.Route;
import java.util.Map;

/**
 * One request as the access log and metrics see it. {@code client} is the client's address (the one trusted proxies
 * name, with {@code use-forwarded-headers}), {@code scheme} and {@code serverPort} what its connection reached (as
 * nginx's {@code $scheme} and {@code $server_port}), {@code forwardedFor} the X-Forwarded-For the backend is told, and
 * {@code proxyProtocolAddress} the address the connection's PROXY protocol header named (empty without
 * {@code use-proxy-protocol}). {@code path} is normalised, {@code query} the target's query
 * without its {@code ?} (empty without one); {@code requestLength} counts the request's head and body as received
 * (an HTTP/2 head as its fields written as HTTP/1.1 lines), {@code bytesSent} the response's head, so counted, and
 * body sent ({@code bodyBytesSent}; chunked encoding's framing not counted); {@code matched} is the route of the
 * Ingress rule the request matched and {@code route} the one that served it, which is the matched one's canary when
 * the canary took the request, or the error page's backend for {@code custom-http-errors} (both null when no rule
 * matched; the controller's default backend serves with no matched route); {@code upstream} is what the endpoints
 * asked did; {@code requestId} is its X-Request-ID, {@code userAgent} and {@code referer} its User-Agent and Referer
 * fields, each empty without one; {@code unmatched} tells that it was routed and no Ingress rule took it (the
 * controller's default backend or a plain 404 answered), unlike a request refused before routing; {@code fields}
 * holds the other request fields the access log names ({@code $http_<name>}), by lowercase name, those the request
 * had (several of one name joined by {@code ", "}).
 */
public record CompletedRequest(String client, String scheme, String serverPort, String forwardedFor,
        String proxyProtocolAddress, String protocol, String method, String host, String path, String query,
        long requestLength, int status, long bodyBytesSent, long bytesSent, long durationNanos, Route matched,
        Route route, UpstreamOutcome upstream, String requestId, String userAgent, String referer, boolean unmatched,
        Map<String, String> fields) {

    /** The Ingress ({@code namespace/name}) whose route served the request, or empty. */
    public String ingress() {
        return route == null ? "" : route.ingress();
    }

    /** The Service port ({@code namespace/service:port}) the request went to, or empty. */
    public String service() {
        return route == null ? "" : route.backend().describe();
    }

    /** The canary backend that served the request instead of the matched route's, if a canary took it, else null. */
    public Backend canaryBackend() {
        return matched != null && matched.canary().isPresent() && route == matched.canary().get().route()
                ? route.backend() : null;
    }
}
