package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.reseau.ingress.model.TlsCertificate;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Server TLS contexts: one per Secret version (built once and reused across routing table swaps), and the
 * default certificate, generated at start, for names no Secret covers. TLS 1.2 and 1.3 only, ALPN offering h2
 * then http/1.1, HTTP/2's recommended cipher suites.
 */
final class TlsContexts {

    private final SslContext defaultContext;
    private Map<String, SslContext> byVersion = new HashMap<>();

    TlsContexts() {
        try {
            SelfSignedCertificate generated = new SelfSignedCertificate("reseau-ingress-default", "EC", 256);
            defaultContext = configure(SslContextBuilder.forServer(generated.key(), generated.cert()));
        } catch (CertificateException | SSLException e) {
            throw new IllegalStateException("cannot generate the default certificate", e);
        }
    }

    SslContext defaultContext() {
        return defaultContext;
    }

    /** Contexts for the certificates of a new table; only new Secret versions are parsed. Not thread-safe. */
    Map<TlsCertificate, SslContext> contexts(Iterable<TlsCertificate> certificates,
            java.util.function.BiConsumer<TlsCertificate, String> invalid) {
        Map<String, SslContext> next = new HashMap<>();
        Map<TlsCertificate, SslContext> result = new HashMap<>();
        for (TlsCertificate certificate : certificates) {
            String key = certificate.secret() + "@" + certificate.version();
            SslContext context = next.get(key);
            if (context == null) {
                context = byVersion.get(key);
            }
            if (context == null) {
                try {
                    context = configure(SslContextBuilder.forServer(
                            new ByteArrayInputStream(certificate.certificateChain()),
                            new ByteArrayInputStream(certificate.privateKey())));
                } catch (SSLException | IllegalArgumentException e) {
                    invalid.accept(certificate, e.getMessage());
                    continue;
                }
            }
            next.put(key, context);
            result.put(certificate, context);
        }
        byVersion = next;
        return result;
    }

    private static SslContext configure(SslContextBuilder builder) throws SSLException {
        return builder.protocols("TLSv1.3", "TLSv1.2")
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
    }
}
