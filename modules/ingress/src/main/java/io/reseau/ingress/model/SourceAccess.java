package io.reseau.ingress.model;

import java.net.InetAddress;
import java.util.List;

/**
 * Which client addresses a route serves ({@code whitelist-source-range}, {@code denylist-source-range}): none in
 * {@code denied}, and when {@code allowed} lists any, only those. Denied first, as ingress-nginx writes nginx's
 * {@code deny} rules before its {@code allow} rules. {@code orAuthenticated} ({@code satisfy: any}): on a route with
 * authentication, an address not admitted may still pass by authenticating, and an admitted one need not.
 */
public record SourceAccess(List<SourceRange> allowed, List<SourceRange> denied, boolean orAuthenticated) {

    public static final SourceAccess EVERYONE = new SourceAccess(List.of(), List.of(), false);

    public SourceAccess {
        allowed = List.copyOf(allowed);
        denied = List.copyOf(denied);
    }

    public boolean admits(InetAddress client) {
        return !SourceRange.anyContains(denied, client)
                && (allowed.isEmpty() || SourceRange.anyContains(allowed, client));
    }
}
