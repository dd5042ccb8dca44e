package io.reseau.ingress.dataplane;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import io.reseau.ingress.model.BackendTls;
import io.reseau.ingress.model.PemCertificates;
import io.reseau.ingress.model.PemKeys;
import io.reseau.ingress.model.TlsCertificate;
import java.security.cert.CertificateException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Client TLS contexts for backends: unchecked ones (any certificate is taken, ingress-nginx's default
 * {@code proxy_ssl_verify off}) and one per {@code proxy-ssl-*} setting, trusting its authorities only, to its
 * depth (with {@code proxy-ssl-verify}), and presenting its certificate, if any; each for
 * HTTP/1.1 and, offering h2 by ALPN, for HTTP/2. Built when a table is applied, off the event loops, which read
 * them when they connect. BoringSSL's reference-counted contexts, as the server's ({@link TlsContexts}): those of
 * settings neither the new table nor the one before has go to {@code retire}; the rest are released on close.
 */
final class BackendTlsContexts implements AutoCloseable {

    /** A setting's contexts for HTTP/1.1 and HTTP/2. */
    private record Pair(SslContext http1, SslContext http2) {
    }

    private final Pair unchecked;
    private final Consumer<SslContext> retire;
    private volatile Map<BackendTls, Pair> checked = Map.of();
    /** The table before: its exchanges may still be connecting when the next one is applied. */
    private volatile Map<BackendTls, Pair> previous = Map.of();

    BackendTlsContexts(Consumer<SslContext> retire) {
        this.retire = retire;
        try {
            unchecked = new Pair(unchecked().build(), h2(unchecked()));
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS to backends", e);
        }
    }

    /**
     * The contexts of a new table's settings; those of settings already known are kept. A client certificate that
     * cannot be loaded is reported to {@code invalid}, and its setting's backends are asked without one.
     */
    void apply(Collection<BackendTls> settings, BiConsumer<TlsCertificate, String> invalid) {
        Map<BackendTls, Pair> next = new HashMap<>();
        for (BackendTls setting : settings) {
            Pair known = checked.get(setting);
            next.put(setting, known != null ? known : build(setting, invalid));
        }
        // No connection starts with those of neither the new table nor the one before it.
        Set<Pair> kept = new HashSet<>(next.values());
        kept.addAll(checked.values());
        previous.values().stream().filter(pair -> !kept.contains(pair)).forEach(this::retire);
        previous = checked;
        checked = Map.copyOf(next);
    }

    /** Releases every context. */
    @Override
    public void close() {
        Set<Pair> held = new HashSet<>(checked.values());
        held.addAll(previous.values());
        held.add(unchecked);
        held.forEach(pair -> {
            ReferenceCountUtil.release(pair.http1());
            ReferenceCountUtil.release(pair.http2());
        });
    }

    private void retire(Pair pair) {
        retire.accept(pair.http1());
        retire.accept(pair.http2());
    }

    /**
     * The context for a connection checked by {@code setting} (null: unchecked). A setting of neither the current
     * table nor the one before fails the connection (it would take two swaps while one connects).
     */
    SslContext context(BackendTls setting, boolean http2) {
        Pair pair = setting == null ? unchecked : checked.getOrDefault(setting, previous.get(setting));
        if (pair == null) {
            throw new IllegalStateException("the TLS settings of " + setting.secret() + " are no longer served");
        }
        return http2 ? pair.http2() : pair.http1();
    }

    private static Pair build(BackendTls setting, BiConsumer<TlsCertificate, String> invalid) {
        if (setting.certificate().isPresent()) {
            try {
                return build(setting, setting.certificate());
            } catch (IllegalStateException e) {
                invalid.accept(setting.certificate().get(), e.getCause().getMessage());
            }
        }
        return build(setting, Optional.empty());
    }

    private static Pair build(BackendTls setting, Optional<TlsCertificate> presented) {
        try {
            return new Pair(builder(setting, presented).build(), h2(builder(setting, presented)));
        } catch (SSLException | CertificateException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot set up TLS to the backends of " + setting.secret(), e);
        }
    }

    private static SslContextBuilder builder(BackendTls setting, Optional<TlsCertificate> presented)
            throws CertificateException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(TlsContexts.PROVIDER)
                .protocols(setting.policy().protocols().toArray(String[]::new));
        if (!setting.policy().cipherSuites().isEmpty()) {
            builder.ciphers(setting.policy().chosenSuitesWithTls13(), SupportedCipherSuiteFilter.INSTANCE);
        }
        if (!setting.serverName()) {
            // OpenSSL's engine sends the name it checks as SNI; the JDK's can check a name it does not send.
            builder.sslProvider(SslProvider.JDK);
        }
        if (setting.verify()) {
            builder.trustManager(new DepthLimitedTrustManagerFactory(setting.authorities(), setting.depth()));
        } else {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (presented.isPresent()) {
            builder.keyManager(PemKeys.parse(presented.get().privateKey()),
                    PemCertificates.parse(presented.get().certificateChain()));
        }
        return builder;
    }

    private static SslContextBuilder unchecked() {
        return SslContextBuilder.forClient().sslProvider(TlsContexts.PROVIDER)
                .trustManager(InsecureTrustManagerFactory.INSTANCE);
    }

    private static SslContext h2(SslContextBuilder builder) throws SSLException {
        return builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
    }
}
