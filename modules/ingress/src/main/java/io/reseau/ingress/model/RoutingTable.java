package io.reseau.ingress.model;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the data plane serves, immutable: virtual hosts by exact name and by wildcard suffix
 * ({@code *.foo.com} is stored under {@code foo.com} and matches exactly one more label), the virtual host of
 * rules without a host, the certificates by host (same keys), the route to the controller's default backend for
 * requests no rule matches (none: they get 404), and the controller's default certificate for names no certificate
 * covers ({@code default-ssl-certificate}; none: the one generated at start). Swapped whole when anything changes.
 */
public record RoutingTable(Map<String, VirtualHost> exactHosts, Map<String, VirtualHost> wildcardHosts,
        Optional<VirtualHost> anyHost, Map<String, TlsCertificate> exactCertificates,
        Map<String, TlsCertificate> wildcardCertificates, Optional<Route> defaultBackend,
        Optional<TlsCertificate> defaultCertificate) {

    public static final RoutingTable EMPTY = new RoutingTable(Map.of(), Map.of(), Optional.empty(), Map.of(), Map.of(),
            Optional.empty(), Optional.empty());

    public RoutingTable {
        exactHosts = Map.copyOf(exactHosts);
        wildcardHosts = Map.copyOf(wildcardHosts);
        exactCertificates = Map.copyOf(exactCertificates);
        wildcardCertificates = Map.copyOf(wildcardCertificates);
    }

    /** The virtual host for a Host header or SNI name (port and trailing dot ignored, case-insensitive). */
    public Optional<VirtualHost> virtualHost(String host) {
        String name = hostName(host);
        VirtualHost exact = exactHosts.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        VirtualHost wildcard = wildcardHosts.get(parentDomain(name));
        return wildcard != null ? Optional.of(wildcard) : anyHost;
    }

    /**
     * The certificate for an SNI name: an Ingress's for it, else the controller's default certificate; empty when
     * neither (the generated one is then served).
     */
    public Optional<TlsCertificate> certificate(String serverName) {
        String name = hostName(serverName);
        TlsCertificate exact = exactCertificates.get(name);
        return exact != null ? Optional.of(exact) : Optional.ofNullable(wildcardCertificates.get(parentDomain(name)))
                .or(() -> defaultCertificate);
    }

    /**
     * Whether a host or SNI name is one an Ingress rule names, exactly or by a wildcard (rules without a host, which
     * take every name, do not count).
     */
    public boolean namesHost(String host) {
        String name = hostName(host);
        return exactHosts.containsKey(name) || wildcardHosts.containsKey(parentDomain(name));
    }

    /** The route whose backend takes the TLS connections naming this host undecrypted, if any. */
    public Optional<Route> passthrough(String serverName) {
        return virtualHost(serverName).flatMap(VirtualHost::passthrough);
    }

    /** Whether TLS clients asking for this name (SNI) are asked for a certificate ({@code auth-tls-*}). */
    public boolean asksForClientCertificate(String serverName) {
        return clientCertificateAuthorities(serverName).isPresent();
    }

    /**
     * The authorities named to TLS clients asking for this name (SNI) when they are asked for a certificate
     * ({@code auth-tls-secret}'s {@code ca.crt}); empty when they are not asked.
     */
    public Optional<List<X509Certificate>> clientCertificateAuthorities(String serverName) {
        return virtualHost(serverName).flatMap(VirtualHost::clientCertificateAuth)
                .map(ClientCertificateAuth::authorities);
    }

    /** The TLS 1.2 suites offered to clients naming this host (SNI; {@code ssl-ciphers}); empty: the controller's. */
    public List<String> cipherSuites(String serverName) {
        return virtualHost(serverName).map(VirtualHost::cipherSuites).orElse(List.of());
    }

    /**
     * Whether the server's order of TLS 1.2 suites is preferred to the client's for this name (SNI), as the host's
     * Ingress says ({@code ssl-prefer-server-ciphers}); empty: as the controller says.
     */
    public Optional<Boolean> preferServerCiphers(String serverName) {
        return virtualHost(serverName).flatMap(VirtualHost::preferServerCiphers);
    }

    /** {@code Foo.COM:8080.} becomes {@code foo.com}; IPv6 literals keep their brackets. */
    public static String hostName(String host) {
        if (host == null) {
            return "";
        }
        String name = host;
        int colon = name.lastIndexOf(':');
        if (colon >= 0 && name.indexOf(']') < colon) {
            name = name.substring(0, colon);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** What a one-label wildcard is stored under: {@code bar.foo.com} becomes {@code foo.com}. */
    private static String parentDomain(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
