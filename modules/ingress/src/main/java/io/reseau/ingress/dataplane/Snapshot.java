package io.reseau.ingress.dataplane;

import io.netty.handler.ssl.SslContext;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.model.TlsCertificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the data plane serves at one moment: the routing table and the TLS contexts of its certificates, with the
 * default certificate's (asking for a client certificate, or not).
 */
record Snapshot(RoutingTable table, Map<TlsContexts.Key, SslContext> contexts, SslContext defaultContext,
        SslContext defaultAskingContext) {

    /**
     * The context for an SNI name (null: none sent): its Secret's, else the default certificate's, asking for a
     * client certificate as its host says. One of the two defaults when the table has none for it (a certificate
     * that could not be loaded).
     */
    SslContext context(String serverName) {
        Optional<List<X509Certificate>> asking = table.clientCertificateAuthorities(serverName);
        TlsCertificate certificate = table.certificate(serverName).orElse(null);
        SslContext context = certificate == null && asking.isEmpty() ? null
                : contexts.get(new TlsContexts.Key(certificate, asking));
        return context != null ? context : asking.isPresent() ? defaultAskingContext : defaultContext;
    }
}
