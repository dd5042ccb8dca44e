package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.ReferenceCountUtil;
import io.reseau.ingress.model.GeneratedCertificate;
import io.reseau.ingress.model.PemCertificates;
import io.reseau.ingress.model.PemKeys;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.model.TlsCertificate;
import io.reseau.ingress.model.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;

/**
 * Server TLS contexts: one per Secret version (built once and reused across routing table swaps), and the
 * default certificate, generated at start, for names no Secret covers; each also in a variant that asks the client
 * for a certificate, naming the host's authorities. TLS 1.2 and 1.3 only, ALPN offering h2 then http/1.1, HTTP/2's
 * recommended cipher suites.
 * <p>
 * The contexts are BoringSSL's reference-counted ones: each connection's engine holds its context and is freed as
 * the connection ends. The other kind registers a finalizer per engine, which keeps every closed connection's engine
 * alive through a young collection and then some: under a burst of new connections the GC pauses grew from 1 to
 * 6-10 ms (most of it keeping finalizable objects alive) and the survivors overflowed into the old generation, which
 * then stayed resident at its maximum. A context no table uses any more goes to {@code retire}; this releases its
 * default ones on {@link #close}.
 */
final class TlsContexts implements AutoCloseable {

    /**
     * A certificate as served (null: the default one), asking the client for a certificate of its own naming these
     * authorities ({@code auth-tls-*}; see {@link AuthorityNamingTrustManagerFactory}), or not (empty), offering
     * these TLS 1.2 suites ({@code ssl-ciphers} of the host; empty: the controller's).
     */
    record Key(TlsCertificate certificate, Optional<List<X509Certificate>> clientAuthorities,
            List<String> cipherSuites) {

        /** How a name (SNI; null: none) is served with this certificate, as the table says of its host. */
        static Key of(RoutingTable table, String name, TlsCertificate certificate) {
            return new Key(certificate, table.clientCertificateAuthorities(name), table.cipherSuites(name));
        }

        /** Served with the default certificate as the controller says: no key of a table's. */
        boolean plain() {
            return certificate == null && clientAuthorities.isEmpty() && cipherSuites.isEmpty();
        }
    }

    /** What a context is built from: a Secret version (or the default certificate) and what it asks and offers. */
    private record Built(String certificate, Optional<List<X509Certificate>> clientAuthorities,
            List<String> cipherSuites) {
    }

    private static final String DEFAULT = "default certificate";
    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);
    /** BoringSSL's engine without finalizers where netty-tcnative has it, the JDK's elsewhere. */
    static final SslProvider PROVIDER = OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;

    private final TlsPolicy policy;
    private final SessionResumption resumption;
    /** The key exchange groups offered ({@code ssl-ecdh-curve}); empty: BoringSSL's choice. */
    private final List<String> groups;
    /** Whether handshakes may carry a stapled OCSP answer ({@code enable-ocsp}, with BoringSSL only). */
    private final boolean ocspStapling;
    /** ALPN's offer: h2 then http/1.1, or http/1.1 alone. */
    private final ApplicationProtocolConfig alpn;
    private final PrivateKey generatedKey;
    private final X509Certificate generatedCertificate;
    private final SslContext defaultContext;
    private final SslContext defaultAskingContext;
    private final Consumer<SslContext> retire;
    private Map<Built, SslContext> built = new HashMap<>();

    /**
     * Contexts offering these versions and suites ({@code ssl-protocols}, {@code ssl-ciphers}), and HTTP/2 unless
     * {@code http2} is false ({@code use-http2}); those a new table no longer uses go to {@code retire}, which
     * releases them once no connection can still be starting on them.
     */
    TlsContexts(DataPlaneSettings.ClientTls tls, boolean http2, Consumer<SslContext> retire) {
        this.retire = retire;
        this.policy = tls.policy();
        this.resumption = tls.resumption();
        this.groups = tls.groups();
        this.ocspStapling = tls.ocspStapling();
        List<String> protocols = http2 ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                : List.of(ApplicationProtocolNames.HTTP_1_1);
        this.alpn = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
        GeneratedCertificate generated = GeneratedCertificate.selfSigned("reseau-ingress-default", Instant.now(),
                DEFAULT_VALIDITY);
        try {
            generatedKey = PemKeys.parse(generated.keyPem().getBytes(StandardCharsets.US_ASCII));
            generatedCertificate = PemCertificates.parse(generated.certificatePem().getBytes(StandardCharsets.US_ASCII))
                    .getFirst();
            defaultContext = configure(forDefault(), Optional.empty(), List.of());
            defaultAskingContext = configure(forDefault(), Optional.of(List.of()), List.of());
        } catch (CertificateException | SSLException e) {
            throw new IllegalStateException("cannot serve the default certificate", e);
        }
    }

    SslContext defaultContext() {
        return defaultContext;
    }

    /** The default certificate, asking for a client certificate but naming no authority. */
    SslContext defaultAskingContext() {
        return defaultAskingContext;
    }

    /**
     * The contexts a table needs: each certificate as served to the names it covers, asking for a client
     * certificate where the name's host authenticates clients and offering the host's own suites (also for a host
     * whose certificate is another name's or the default one), and the controller's default certificate, if it has
     * one, for every other name.
     */
    static Set<Key> keys(RoutingTable table) {
        Set<Key> keys = new HashSet<>();
        table.defaultCertificate().ifPresent(certificate -> keys.add(new Key(certificate, Optional.empty(),
                List.of())));
        table.exactCertificates().forEach((name, certificate) -> keys.add(Key.of(table, name, certificate)));
        table.wildcardCertificates().forEach((name, certificate) ->
                keys.add(Key.of(table, "*." + name, certificate)));
        Stream.concat(table.exactHosts().keySet().stream(),
                        table.wildcardHosts().keySet().stream().map(name -> "*." + name))
                .map(name -> Key.of(table, name, table.certificate(name).orElse(null)))
                .filter(key -> !key.plain())
                .forEach(keys::add);
        return keys;
    }

    /** Contexts for the certificates of a new table; only new Secret versions are parsed. Not thread-safe. */
    Map<Key, SslContext> contexts(Iterable<Key> keys, BiConsumer<TlsCertificate, String> invalid) {
        Map<Built, SslContext> next = new HashMap<>();
        Map<Key, SslContext> result = new HashMap<>();
        // Secret versions found invalid: reported once, not tried again for their other uses.
        Set<String> invalidVersions = new HashSet<>();
        for (Key key : keys) {
            TlsCertificate certificate = key.certificate();
            String version = certificate == null ? DEFAULT : certificate.secret() + "@" + certificate.version();
            if (invalidVersions.contains(version)) {
                continue;
            }
            Built wanted = new Built(version, key.clientAuthorities(), key.cipherSuites());
            SslContext context = next.get(wanted);
            if (context == null) {
                context = built.get(wanted);
            }
            if (context == null) {
                try {
                    context = configure(certificate == null
                            ? forDefault()
                            : SslContextBuilder.forServer(PemKeys.parse(certificate.privateKey()),
                                    PemCertificates.parse(certificate.certificateChain())), key.clientAuthorities(),
                            key.cipherSuites());
                } catch (SSLException | CertificateException | IllegalArgumentException e) {
                    invalidVersions.add(version);
                    invalid.accept(certificate, e.getMessage());
                    continue;
                }
            }
            next.put(wanted, context);
            result.put(key, context);
        }
        Set<SslContext> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(next.values());
        built.values().stream().filter(context -> !kept.contains(context)).forEach(retire);
        built = next;
        return result;
    }

    /** Releases the contexts of the last table and the default ones. */
    @Override
    public void close() {
        built.values().forEach(ReferenceCountUtil::release);
        built = Map.of();
        ReferenceCountUtil.release(defaultContext);
        ReferenceCountUtil.release(defaultAskingContext);
    }

    /** A server context's builder with the default certificate. */
    private SslContextBuilder forDefault() {
        return SslContextBuilder.forServer(generatedKey, generatedCertificate);
    }

    private SslContext configure(SslContextBuilder builder, Optional<List<X509Certificate>> clientAuthorities,
            List<String> cipherSuites) throws SSLException {
        TlsPolicy offered = cipherSuites.isEmpty() ? policy : new TlsPolicy(policy.protocols(), cipherSuites);
        if (clientAuthorities.isPresent()) {
            builder.clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(new AuthorityNamingTrustManagerFactory(clientAuthorities.get()));
        }
        if (ocspStapling && PROVIDER != SslProvider.JDK) {
            builder.enableOcsp(true);
        }
        if (!groups.isEmpty()) {
            if (PROVIDER == SslProvider.JDK) {
                throw new IllegalStateException("ssl-ecdh-curve needs the OpenSSL (BoringSSL) TLS engine, which is"
                        + " not available on this platform");
            }
            builder.option(OpenSslContextOption.GROUPS, groups.toArray(String[]::new));
        }
        // Without a choice, the suites HTTP/2 allows (RFC 7540's list leaves out CBC and non-ephemeral ones).
        SslContext context = builder.sslProvider(PROVIDER).protocols(policy.protocols().toArray(String[]::new))
                .sessionTimeout(resumption.timeout().toSeconds())
                .ciphers(offered.cipherSuites().isEmpty() ? Http2SecurityUtil.CIPHERS : offered.chosenSuitesWithTls13(),
                        SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(alpn)
                .build();
        if (!(context instanceof ReferenceCountedOpenSslContext openSsl)) {
            if (!resumption.equals(SessionResumption.DEFAULT)) {
                throw new IllegalStateException("ssl-session-ticket-key, -tickets and -cache need the OpenSSL"
                        + " (BoringSSL) TLS engine, which is not available on this platform");
            }
            return context;
        }
        OpenSslSessionContext sessions = openSsl.sessionContext();
        if (resumption.cachedSessions() == 0) {
            sessions.setSessionCacheEnabled(false);
        } else {
            sessions.setSessionCacheSize(resumption.cachedSessions());
        }
        resumption.ticketKey().ifPresent(sessions::setTicketKeys);
        return context;
    }
}
