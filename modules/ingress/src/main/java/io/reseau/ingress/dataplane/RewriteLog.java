package io.reseau.ingress.dataplane;

import io.reseau.ingress.model.Route;
import org.jboss.logging.Logger;

/**
 * {@code enable-rewrite-log}: each path a route's {@code rewrite-target} rewrites, logged (category
 * {@code reseau.ingress.rewrite}, INFO), as nginx's {@code rewrite_log} writes it to its error log.
 */
final class RewriteLog {

    private static final Logger LOG = Logger.getLogger("reseau.ingress.rewrite");

    private RewriteLog() {
    }

    static void rewritten(Route route, String host, String from, String to, ClientInfo client) {
        LOG.infof("%s: \"%s\" rewritten to \"%s\" (rule %s, host %s, client %s)", route.ingress(), from, to,
                route.match().path(), host, client.ip());
    }
}
