package io.reseau.ingress.dataplane;

import io.netty.handler.ssl.SslContext;
import io.reseau.ingress.model.RoutingTable;
import java.util.Map;

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
        TlsContexts.Key key = TlsContexts.Key.of(table, serverName, table.certificate(serverName).orElse(null));
        SslContext context = key.plain() ? null : contexts.get(key);
        return context != null ? context : key.clientAuthorities().isPresent() ? defaultAskingContext : defaultContext;
    }
}
