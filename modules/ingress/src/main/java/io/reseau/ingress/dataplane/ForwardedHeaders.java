package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Tells the backend who called: X-Forwarded-For/-Proto/-Host/-Port, X-Real-IP and Forwarded (RFC 7239). Values a
 * client sent are replaced, never extended: reseau-ingress is the edge, and a client could otherwise pass
 * itself off as any address to an application trusting these headers.
 */
final class ForwardedHeaders {

    // Names with their hash worked out once, as they are set on every request.
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    private static final AsciiString X_REAL_IP = AsciiString.cached("X-Real-IP");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
    private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("X-Forwarded-Port");
    private static final AsciiString FORWARDED = AsciiString.cached("Forwarded");

    private ForwardedHeaders() {
    }

    static void set(HttpHeaders headers, ClientInfo client, String host) {
        headers.set(X_FORWARDED_FOR, client.ip());
        headers.set(X_REAL_IP, client.ip());
        headers.set(X_FORWARDED_PROTO, client.scheme());
        headers.set(X_FORWARDED_HOST, host);
        headers.set(X_FORWARDED_PORT, client.localPort());
        String quotedHost = host.indexOf('"') < 0 ? host : host.replace("\"", "");
        headers.set(FORWARDED, "for=" + client.forwardedNode() + ";proto=" + client.scheme() + ";host=\""
                + quotedHost + "\"");
    }
}
