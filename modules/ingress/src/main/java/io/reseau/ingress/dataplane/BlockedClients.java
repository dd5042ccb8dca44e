package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.reseau.ingress.model.SourceRange;
import io.reseau.ingress.model.ValuePattern;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Clients refused (403) whatever they ask, as ingress-nginx's {@code block-cidrs}, {@code block-user-agents} and
 * {@code block-referers}: by address, by User-Agent field, by Referer field.
 */
public record BlockedClients(List<SourceRange> addresses, List<ValuePattern> userAgents,
        List<ValuePattern> referers) {

    public static final BlockedClients NONE = new BlockedClients(List.of(), List.of(), List.of());

    public BlockedClients {
        addresses = List.copyOf(addresses);
        userAgents = List.copyOf(userAgents);
        referers = List.copyOf(referers);
    }

    /** Why this request is refused, if it is. */
    Optional<String> refusal(InetAddress client, RequestHead head) {
        if (SourceRange.anyContains(addresses, client)) {
            return Optional.of("the client address is blocked");
        }
        if (!userAgents.isEmpty() && anyMatches(userAgents, head.value(HttpHeaderNames.USER_AGENT))) {
            return Optional.of("the client's User-Agent is blocked");
        }
        if (!referers.isEmpty() && anyMatches(referers, head.value(HttpHeaderNames.REFERER))) {
            return Optional.of("the request's Referer is blocked");
        }
        return Optional.empty();
    }

    private static boolean anyMatches(List<ValuePattern> patterns, String value) {
        return patterns.stream().anyMatch(pattern -> pattern.matches(value));
    }
}
