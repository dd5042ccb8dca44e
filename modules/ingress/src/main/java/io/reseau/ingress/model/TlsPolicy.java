package io.reseau.ingress.model;

import java.util.List;
import java.util.stream.Stream;

/**
 * Which TLS versions and cipher suites a side of reseau-ingress offers: to clients ({@code ssl-protocols},
 * {@code ssl-ciphers}) or to a route's backends ({@code proxy-ssl-protocols}, {@code proxy-ssl-ciphers}).
 *
 * @param protocols    {@code TLSv1.2}, {@code TLSv1.3} or both
 * @param cipherSuites the TLS 1.2 cipher suites offered, by their IANA names; empty: the defaults. As in nginx they do
 *                     not restrict TLS 1.3, whose suites are all offered.
 */
public record TlsPolicy(List<String> protocols, List<String> cipherSuites) {

    /** TLS 1.3's cipher suites, offered whatever TLS 1.2's are. */
    public static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    /** TLS 1.2 and 1.3 with the default suites. */
    public static final TlsPolicy DEFAULT = new TlsPolicy(List.of("TLSv1.2", "TLSv1.3"), List.of());

    public TlsPolicy {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /** The suites to configure when some are chosen: TLS 1.3's, then the chosen ones. */
    public List<String> chosenSuitesWithTls13() {
        return Stream.concat(TLS13_SUITES.stream(), cipherSuites.stream()).distinct().toList();
    }
}
