package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What the exchanges of one client connection need to know about it, worked out once per connection rather than
 * per request: the client's address (for source ranges), its text (X-Forwarded-For, the access log) and its form
 * in {@code Forwarded}, the scheme, and the port it connected to.
 */
record ClientInfo(InetAddress address, String ip, String forwardedNode, boolean secure, String scheme,
        String localPort) {

    static ClientInfo of(Channel connection, boolean secure) {
        return of(ProxyProtocol.client(connection).getAddress(), secure,
                Integer.toString(((InetSocketAddress) connection.localAddress()).getPort()));
    }

    /** The client at {@code address}, which reached {@code localPort} over TLS or not. */
    static ClientInfo of(InetAddress address, boolean secure, String localPort) {
        String ip = address.getHostAddress();
        return new ClientInfo(address, ip, address instanceof Inet6Address ? "\"[" + ip + "]\"" : ip, secure,
                secure ? "https" : "http", localPort);
    }
}
