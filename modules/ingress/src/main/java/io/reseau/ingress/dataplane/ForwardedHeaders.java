package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Tells the backend who called: X-Forwarded-For/-Proto/-Host/-Port, X-Real-IP and Forwarded (RFC 7239). Values a
 * client sent are replaced, never extended: reseau-ingress is the edge, and a client could otherwise pass
 * itself off as any address to an application trusting these headers.
 */
final class ForwardedHeaders {

    private ForwardedHeaders() {
    }

    static void set(HttpHeaders headers, InetSocketAddress client, String scheme, String host, int localPort) {
        String ip = client.getAddress().getHostAddress();
        headers.set("X-Forwarded-For", ip);
        headers.set("X-Real-IP", ip);
        headers.set("X-Forwarded-Proto", scheme);
        headers.set("X-Forwarded-Host", host);
        headers.set("X-Forwarded-Port", Integer.toString(localPort));
        String node = client.getAddress() instanceof Inet6Address ? "\"[" + ip + "]\"" : ip;
        headers.set("Forwarded", "for=" + node + ";proto=" + scheme + ";host=\"" + host.replace("\"", "") + "\"");
    }
}
