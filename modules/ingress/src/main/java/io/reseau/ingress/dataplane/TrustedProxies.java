package io.reseau.ingress.dataplane;

import io.netty.util.AsciiString;
import io.reseau.ingress.model.SourceRange;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * {@code use-forwarded-headers}: behind proxies of its own (a CDN, a TLS-terminating load balancer), the client is
 * the one their forwarded fields name, as nginx's realip module with {@code real_ip_recursive} finds it: when the
 * connection comes from a trusted address ({@code proxy-real-ip-cidr}), the client is the rightmost address of the
 * forwarded-for field that is not trusted itself (the leftmost when all are), and X-Forwarded-Proto and -Port give
 * the scheme and port the client used. From any other address the fields are not believed. Pure.
 * {@code enable-real-ip} alone believes the address only, the scheme and port staying the connection's.
 *
 * @param ranges       the proxies trusted
 * @param forwardedFor the field that lists the addresses ({@code forwarded-for-header}, X-Forwarded-For)
 * @param fullChain    X-Forwarded-For to the backend is the field's addresses followed by the trusted peer's
 *                     ({@code compute-full-forwarded-for}) rather than the client's address alone
 * @param schemeAndPort X-Forwarded-Proto and -Port are believed too ({@code use-forwarded-headers})
 */
public record TrustedProxies(List<SourceRange> ranges, AsciiString forwardedFor, boolean fullChain,
        boolean schemeAndPort) {

    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");

    public TrustedProxies {
        ranges = List.copyOf(ranges);
        forwardedFor = forwardedFor.toLowerCase();
    }

    /** The client of {@code request}, which arrived on a connection from {@code peer}. */
    ClientInfo client(ClientInfo peer, RequestHead request) {
        if (!trusted(peer.address())) {
            return peer;
        }
        InetAddress client = peer.address();
        List<String> fields = request.values(forwardedFor);
        walk:
        for (int f = fields.size() - 1; f >= 0; f--) {
            String[] hops = fields.get(f).split(",");
            for (int h = hops.length - 1; h >= 0; h--) {
                InetAddress hop = literal(hops[h].strip());
                if (hop == null) {
                    break walk;
                }
                client = hop;
                if (!trusted(hop)) {
                    break walk;
                }
            }
        }
        String proto = schemeAndPort ? request.value(X_FORWARDED_PROTO) : null;
        String scheme = proto == null ? peer.scheme() : proto.strip().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https") || (!scheme.equals("http") && peer.secure());
        String port = schemeAndPort ? request.value(X_FORWARDED_PORT) : null;
        ClientInfo named = ClientInfo.of(client, "", secure,
                port != null && port.strip().matches("[0-9]{1,5}") ? port.strip() : peer.localPort(), peer.tls(),
                peer.connection());
        if (!fullChain || fields.isEmpty()) {
            return named;
        }
        StringBuilder chain = new StringBuilder();
        for (String field : fields) {
            for (String hop : field.split(",")) {
                if (!hop.isBlank()) {
                    chain.append(hop.strip()).append(", ");
                }
            }
        }
        return named.withForwardedFor(chain.append(peer.ip()).toString());
    }

    private boolean trusted(InetAddress address) {
        return SourceRange.anyContains(ranges, address);
    }

    /** An IP literal (never a name lookup), or null. */
    private static InetAddress literal(String text) {
        try {
            return text.isEmpty() ? null : InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
