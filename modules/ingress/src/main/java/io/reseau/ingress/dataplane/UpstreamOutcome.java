package io.reseau.ingress.dataplane;

import java.net.InetSocketAddress;

/**
 * What the last endpoint asked for a request did (nginx's {@code $upstream_*} variables, of the last attempt):
 * {@code endpoint} is null when none was asked; {@code failed} says the backend failed the request; {@code status}
 * is its answer's status (0 without one); {@code nanos} the time from asking it (connecting included) to the end of
 * its response (-1 when none was asked); {@code responseLength} the bytes of its response's body as received, before
 * any compression (0 when none was asked).
 */
public record UpstreamOutcome(InetSocketAddress endpoint, boolean failed, int status, long nanos,
        long responseLength) {

    /** No endpoint was asked: reseau answered itself. */
    public static final UpstreamOutcome NONE = new UpstreamOutcome(null, false, 0, -1, 0);

    /** Whether an endpoint was asked. */
    public boolean asked() {
        return nanos >= 0;
    }

    /** The endpoint as {@link #text} writes it. */
    public String endpointText() {
        return text(endpoint);
    }

    /**
     * An endpoint as the access log writes it: {@code address:port}, or an ExternalName Service's {@code name:port};
     * empty for none.
     */
    static String text(InetSocketAddress endpoint) {
        return endpoint == null ? "" : endpoint.getHostString() + ":" + endpoint.getPort();
    }
}
