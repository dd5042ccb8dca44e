package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * What the exchanges of one client connection need to know about it, worked out once per connection rather than
 * per request: the client's address (for source ranges), its text (X-Forwarded-For, the access log) and its form
 * in {@code Forwarded}, the scheme, the port it connected to, and its TLS session (client certificates).
 * {@code forwardedFor} is what X-Forwarded-For tells the backend: the client's address, or with
 * {@code compute-full-forwarded-for} the chain of addresses trusted proxies reported followed by the last hop's.
 */
record ClientInfo(InetAddress address, String ip, String forwardedNode, boolean secure, String scheme,
        String localPort, Optional<SSLSession> tls, String forwardedFor) {

    static ClientInfo of(Channel connection, boolean secure) {
        SslHandler tls = connection.pipeline().get(SslHandler.class);
        return of(ProxyProtocol.client(connection).getAddress(), secure,
                Integer.toString(((InetSocketAddress) connection.localAddress()).getPort()),
                tls == null ? Optional.empty() : Optional.of(tls.engine().getSession()));
    }

    /** The client at {@code address}, which reached {@code localPort} over TLS (this session) or not. */
    static ClientInfo of(InetAddress address, boolean secure, String localPort, Optional<SSLSession> tls) {
        // As nginx writes it (RFC 5952): ::1, not Java's 0:0:0:0:0:0:0:1.
        String ip = NetUtil.toAddressString(address);
        return new ClientInfo(address, ip, address instanceof Inet6Address ? "\"[" + ip + "]\"" : ip, secure,
                secure ? "https" : "http", localPort, tls, ip);
    }

    /** The same client, with X-Forwarded-For telling the backend this chain. */
    ClientInfo withForwardedFor(String chain) {
        return new ClientInfo(address, ip, forwardedNode, secure, scheme, localPort, tls, chain);
    }
}
