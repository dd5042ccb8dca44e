package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.Route;
import java.util.Map;

/**
 * One request as the access log and metrics see it. {@code client} is the client's address (the one trusted proxies
 * name, with {@code use-forwarded-headers}) and {@code clientPort} its port (empty when trusted proxies named it, as
 * nginx's {@code $remote_port}), {@code forwardedFor} the X-Forwarded-For the backend is told, {@code connection} the
 * client connection it came on and {@code connectionRequests} its number there, from 1. {@code path} is normalised,
 * {@code query} the target's query without its {@code ?} (empty without one); {@code requestLength} counts the
 * request's head and body as received (an HTTP/2 head as its fields written as HTTP/1.1 lines), {@code bytesSent}
 * the response's head, so counted, and body sent ({@code bodyBytesSent}; chunked encoding's framing not counted);
 * {@code matched} is the route of the Ingress rule the request matched and {@code route} the one that served it,
 * which is the matched one's canary when the canary took the request, or the error page's backend for
 * {@code custom-http-errors} (both null when no rule matched; the controller's default backend serves with no
 * matched route); {@code upstream} is what the endpoints asked did; {@code requestId} is its X-Request-ID,
 * {@code userAgent} and {@code referer} its User-Agent and Referer fields, each empty without one; {@code unmatched}
 * tells that it was routed and no Ingress rule took it (the controller's default backend or a plain 404 answered),
 * unlike a request refused before routing; {@code fields} holds the values of the other fields and the cookies the
 * access log names ({@link LoggedFields}), by variable, those the request and its response had.
 */
public record CompletedRequest(String client, String clientPort, String forwardedFor, LoggedConnection connection,
        long connectionRequests, String protocol, String method, String host, String path, String query,
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
