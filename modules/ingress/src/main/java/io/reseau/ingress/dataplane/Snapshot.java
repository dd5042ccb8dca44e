package io.reseau.ingress.dataplane;

import io.netty.handler.ssl.SslContext;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.model.TlsCertificate;
import java.util.Map;

/** What the data plane serves at one moment: the routing table and the TLS contexts of its certificates. */
record Snapshot(RoutingTable table, Map<TlsCertificate, SslContext> contexts, SslContext defaultContext) {

    /** The context for an SNI name: its Secret's, else the default certificate's. */
    SslContext context(String serverName) {
        return table.certificate(serverName).map(contexts::get).orElse(defaultContext);
    }
}
