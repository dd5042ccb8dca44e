package io.reseau.ingress.dataplane;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the endpoints asked for a request did, in the order they were asked (nginx's {@code $upstream_*} variables):
 * more than one when the request was tried again on another ({@code proxy-next-upstream}) or went on to the error
 * backend ({@code custom-http-errors}); none when reseau answered itself. {@code failed} says the backend failed the
 * request.
 */
public record UpstreamOutcome(List<Attempt> attempts, boolean failed) {

    /** No endpoint was asked: reseau answered itself. */
    public static final UpstreamOutcome NONE = new UpstreamOutcome(List.of(), false);

    /**
     * One endpoint asked: its answer's status, or nginx's for none (502: refused or closed, 504: timed out; 0 when
     * the request ended before either); the times from asking it to its connection being ready ({@code connectNanos},
     * about 0 for a kept-alive one) and to its answer's head ({@code headerNanos}), each -1 when it did not come; the
     * time from asking it (connecting included) to the end of its response, or to its failure; its response body's
     * bytes as received, before any compression; whether it was asked for the error page ({@code custom-http-errors}:
     * nginx's internal redirect to another upstream).
     */
    public record Attempt(InetSocketAddress endpoint, int status, long connectNanos, long headerNanos, long nanos,
            long responseLength, boolean errorPage) {

        /** The endpoint as {@link #text} writes it. */
        public String endpointText() {
            return text(endpoint);
        }
    }

    public UpstreamOutcome {
        attempts = List.copyOf(attempts);
    }

    /** The last endpoint asked, if any. */
    public Optional<Attempt> last() {
        return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.getLast());
    }

    /**
     * An endpoint as the access log writes it, as nginx's {@code $upstream_addr}: {@code address:port} (an IPv6
     * address in brackets, {@code [fd00::1]:8080}), or an ExternalName Service's {@code name:port}; empty for none.
     */
    static String text(InetSocketAddress endpoint) {
        return endpoint == null ? "" : NetUtil.toSocketAddressString(endpoint);
    }
}
