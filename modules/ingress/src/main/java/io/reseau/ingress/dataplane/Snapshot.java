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

    /** The context for an SNI name (null: none sent): its Secret's, else the default certificate's. */
    SslContext context(String serverName) {
        boolean asks = table.asksForClientCertificate(serverName);
        SslContext context = table.certificate(serverName)
                .map(certificate -> contexts.get(new TlsContexts.Key(certificate, asks))).orElse(null);
        return context != null ? context : asks ? defaultAskingContext : defaultContext;
    }
}
