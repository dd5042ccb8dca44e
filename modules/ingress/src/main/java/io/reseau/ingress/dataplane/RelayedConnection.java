package io.reseau.ingress.dataplane;

import io.netty.util.NetUtil;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.UdpService;
import java.net.InetSocketAddress;

/**
 * One relayed connection as the access log and metrics see it once it has ended, as nginx's stream log does:
 * {@code protocol} {@code TCP} for a TCP service ({@code entry} its port) or {@code TLS} for ssl-passthrough
 * ({@code entry} the host); {@code status} 200 when an endpoint took it, 502 when none could be reached, 499 when
 * the client left first; {@code upstream} null unless an endpoint took it; bytes as relayed each way.
 *
 * @param accessLog whether the access log is to have it ({@code enable-access-log} of a passthrough's Ingress)
 */
public record RelayedConnection(String client, String protocol, String entry, Backend backend,
        InetSocketAddress upstream, int status, long bytesReceived, long bytesSent, long durationNanos,
        boolean accessLog) {

    /** A UDP service's session with {@code client}, ended: written to the access log, as every UDP session. */
    static RelayedConnection udp(InetSocketAddress client, UdpService service, InetSocketAddress upstream,
            int status, long bytesReceived, long bytesSent, long durationNanos) {
        return new RelayedConnection(NetUtil.toAddressString(client.getAddress()), "UDP",
                Integer.toString(service.port()), service.backend(), upstream, status, bytesReceived, bytesSent,
                durationNanos, true);
    }

    /** The Service port ({@code namespace/service:port}) the connection went to. */
    public String service() {
        return backend.describe();
    }

    /** The endpoint that took it, as {@link UpstreamOutcome#text} writes it, or empty. */
    public String upstreamText() {
        return UpstreamOutcome.text(upstream);
    }
}
