package io.reseau.ingress.dataplane;

import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSession;

/**
 * The client connection a request came on, as the access log names it (nginx's connection variables), worked out
 * once per connection: {@code serial} numbers the connections of the process ({@code $connection}), {@code scheme}
 * and {@code serverPort} are what it reached ({@code $scheme}, {@code $server_port}), {@code proxyProtocolAddress}
 * and {@code proxyProtocolPort} the client its PROXY protocol header named ({@code $proxy_protocol_addr},
 * {@code $proxy_protocol_port}; empty without one), {@code tlsProtocol}, {@code tlsCipher} (OpenSSL's name, as
 * nginx's {@code $ssl_cipher}) and {@code tlsServerName} (SNI) its TLS session's, empty over plain HTTP.
 */
public record LoggedConnection(long serial, String scheme, String serverPort, String proxyProtocolAddress,
        String proxyProtocolPort, String tlsProtocol, String tlsCipher, String tlsServerName) {

    private static final AtomicLong SERIALS = new AtomicLong();

    /**
     * A new connection, whose PROXY protocol header named the client {@code proxied} (empty: none), which reached
     * {@code serverPort} over TLS (this session) or not.
     */
    static LoggedConnection of(Optional<InetSocketAddress> proxied, String scheme, String serverPort,
            Optional<SSLSession> tls) {
        return new LoggedConnection(SERIALS.incrementAndGet(), scheme, serverPort,
                proxied.map(client -> NetUtil.toAddressString(client.getAddress())).orElse(""),
                proxied.map(client -> Integer.toString(client.getPort())).orElse(""),
                tls.map(SSLSession::getProtocol).orElse(""), tls.map(LoggedConnection::cipher).orElse(""),
                tls.flatMap(ClientInfo::serverName).orElse(""));
    }

    /** The session's cipher suite by OpenSSL's name ({@code ECDHE-RSA-AES128-GCM-SHA256}), as nginx writes it. */
    private static String cipher(SSLSession session) {
        String java = session.getCipherSuite();
        String openSsl = CipherSuiteConverter.toOpenSsl(java, false);
        return openSsl != null ? openSsl : java;
    }
}
