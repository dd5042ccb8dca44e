package io.reseau.ingress.dataplane;

/**
 * One request as the access log and metrics see it. {@code ingress} and {@code service} are empty when no route
 * matched; {@code upstream} is empty when reseau answered itself; {@code upstreamError} says the backend failed.
 */
public record CompletedRequest(String client, String protocol, String method, String host, String path, int status,
        long bodyBytesSent, long durationNanos, String ingress, String service, String upstream,
        boolean upstreamError) {
}
