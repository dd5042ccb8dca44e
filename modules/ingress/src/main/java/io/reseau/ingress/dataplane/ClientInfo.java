package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSession;

/**
 * What the exchanges of one client connection need to know about it, worked out once per connection rather than
 * per request: the client's address (for source ranges), its text (X-Forwarded-For, the access log) and its form
 * in {@code Forwarded}, its port (empty when forwarded fields named the client, as nginx's), the scheme, the port it
 * connected to, its TLS session (client certificates) and the connection as the access log names it.
 * {@code forwardedFor} is what X-Forwarded-For tells the backend: the client's address, or with
 * {@code compute-full-forwarded-for} the chain of addresses trusted proxies reported followed by the last hop's.
 */
record ClientInfo(InetAddress address, String ip, String port, String forwardedNode, boolean secure, String scheme,
        String localPort, Optional<SSLSession> tls, String forwardedFor, LoggedConnection connection) {

    static ClientInfo of(Channel connection, boolean secure) {
        SslHandler handler = connection.pipeline().get(SslHandler.class);
        Optional<SSLSession> tls = handler == null ? Optional.empty() : Optional.of(handler.engine().getSession());
        InetSocketAddress client = ProxyProtocol.client(connection);
        String localPort = Integer.toString(((InetSocketAddress) connection.localAddress()).getPort());
        return of(client.getAddress(), Integer.toString(client.getPort()), secure, localPort, tls,
                LoggedConnection.of(ProxyProtocol.named(connection), scheme(secure), localPort, tls));
    }

    /**
     * The client at {@code address} and {@code port}, which reached {@code localPort} over TLS (this session) or
     * not, on {@code connection}.
     */
    static ClientInfo of(InetAddress address, String port, boolean secure, String localPort, Optional<SSLSession> tls,
            LoggedConnection connection) {
        // As nginx writes it (RFC 5952): ::1, not Java's 0:0:0:0:0:0:0:1.
        String ip = NetUtil.toAddressString(address);
        return new ClientInfo(address, ip, port, address instanceof Inet6Address ? "\"[" + ip + "]\"" : ip, secure,
                scheme(secure), localPort, tls, ip, connection);
    }

    /** The same client, with X-Forwarded-For telling the backend this chain. */
    ClientInfo withForwardedFor(String chain) {
        return new ClientInfo(address, ip, port, forwardedNode, secure, scheme, localPort, tls, chain, connection);
    }

    /** The name the client asked for (SNI), if the session tells. */
    static Optional<String> serverName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            return extended.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
                    .map(name -> ((SNIHostName) name).getAsciiName()).findFirst();
        }
        return Optional.empty();
    }

    private static String scheme(boolean secure) {
        return secure ? "https" : "http";
    }
}
