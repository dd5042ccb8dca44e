package io.reseau.ingress.model;

import java.util.List;

/**
 * ingress-nginx's rate limits, per client address and per Ingress: {@code limit-connections} requests in progress
 * at once, {@code limit-rps} and {@code limit-rpm} requests per second and per minute with bursts of
 * {@code limit-burst-multiplier} times that; addresses in {@code limit-whitelist} are not limited. A request over a
 * limit is answered 503, as ingress-nginx does by default. Zero means no limit of that kind.
 */
public record RateLimit(int connections, int perSecond, int perMinute, int burstMultiplier, List<SourceRange> exempt) {

    public RateLimit {
        exempt = List.copyOf(exempt);
    }
}
