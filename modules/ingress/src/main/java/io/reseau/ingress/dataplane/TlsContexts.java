package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.model.TlsCertificate;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;

/**
 * Server TLS contexts: one per Secret version (built once and reused across routing table swaps), and the
 * default certificate, generated at start, for names no Secret covers. TLS 1.2 and 1.3 only, ALPN offering h2
 * then http/1.1, HTTP/2's recommended cipher suites.
 */
final class TlsContexts {

    /**
     * A certificate as served: asking the client for a certificate of its own or not ({@code auth-tls-*}; any
     * certificate is taken during the handshake, which proves the client holds its key, and requests are judged by
     * {@link ClientCertificates}).
     */
    record Key(TlsCertificate certificate, boolean asksForClientCertificate) {
    }

    private final SslContext defaultContext;
    private final SslContext defaultAskingContext;
    private Map<String, SslContext> byVersion = new HashMap<>();

    TlsContexts() {
        try {
            SelfSignedCertificate generated = new SelfSignedCertificate("reseau-ingress-default", "EC", 256);
            defaultContext = configure(SslContextBuilder.forServer(generated.key(), generated.cert()), false);
            defaultAskingContext = configure(SslContextBuilder.forServer(generated.key(), generated.cert()), true);
        } catch (CertificateException | SSLException e) {
            throw new IllegalStateException("cannot generate the default certificate", e);
        }
    }

    SslContext defaultContext() {
        return defaultContext;
    }

    SslContext defaultAskingContext() {
        return defaultAskingContext;
    }

    /**
     * The contexts a table needs: each certificate as served to the names it covers, asking for a client
     * certificate where the name's host authenticates clients (also a host whose certificate is another name's).
     */
    static Set<Key> keys(RoutingTable table) {
        Set<Key> keys = new HashSet<>();
        table.exactCertificates().forEach((name, certificate) ->
                keys.add(new Key(certificate, table.asksForClientCertificate(name))));
        table.wildcardCertificates().forEach((name, certificate) ->
                keys.add(new Key(certificate, table.asksForClientCertificate("*." + name))));
        Stream.concat(table.exactHosts().keySet().stream(),
                        table.wildcardHosts().keySet().stream().map(name -> "*." + name))
                .filter(table::asksForClientCertificate)
                .forEach(name -> table.certificate(name)
                        .ifPresent(certificate -> keys.add(new Key(certificate, true))));
        return keys;
    }

    /** Contexts for the certificates of a new table; only new Secret versions are parsed. Not thread-safe. */
    Map<Key, SslContext> contexts(Iterable<Key> keys, java.util.function.BiConsumer<TlsCertificate, String> invalid) {
        Map<String, SslContext> next = new HashMap<>();
        Map<Key, SslContext> result = new HashMap<>();
        // Secret versions found invalid: reported once, not tried again for their other use.
        Set<String> invalidVersions = new HashSet<>();
        for (Key key : keys) {
            TlsCertificate certificate = key.certificate();
            String secretVersion = certificate.secret() + "@" + certificate.version();
            if (invalidVersions.contains(secretVersion)) {
                continue;
            }
            String version = secretVersion + (key.asksForClientCertificate() ? "+client" : "");
            SslContext context = next.get(version);
            if (context == null) {
                context = byVersion.get(version);
            }
            if (context == null) {
                try {
                    context = configure(SslContextBuilder.forServer(
                            new ByteArrayInputStream(certificate.certificateChain()),
                            new ByteArrayInputStream(certificate.privateKey())), key.asksForClientCertificate());
                } catch (SSLException | IllegalArgumentException e) {
                    invalidVersions.add(secretVersion);
                    invalid.accept(certificate, e.getMessage());
                    continue;
                }
            }
            next.put(version, context);
            result.put(key, context);
        }
        byVersion = next;
        return result;
    }

    private static SslContext configure(SslContextBuilder builder, boolean asksForClientCertificate)
            throws SSLException {
        if (asksForClientCertificate) {
            builder.clientAuth(ClientAuth.OPTIONAL).trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        return builder.protocols("TLSv1.3", "TLSv1.2")
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
    }
}
