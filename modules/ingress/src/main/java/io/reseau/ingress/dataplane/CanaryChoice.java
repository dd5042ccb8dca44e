package io.reseau.ingress.dataplane;

import io.netty.util.AsciiString;
import io.reseau.ingress.model.Canary;
import io.reseau.ingress.model.CanaryRule;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.RoutePolicy;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * Whether a request goes to the canary of its route, by ingress-nginx's rules in its order: with cookie affinity
 * (unless {@code affinity-canary-behavior: legacy}), the backend whose endpoint the client's cookie names, the
 * shadowed one first; then the header ({@code always}, {@code never}, or the configured value or pattern), then the
 * cookie ({@code always} or {@code never}), then the weight. A header or cookie with any other value leaves the
 * choice to the next rule. Pure but for the random draw, which is passed in.
 */
final class CanaryChoice {

    /** The draw for weights: a number from 0 (inclusive) to its argument (exclusive). */
    static final IntUnaryOperator RANDOM = bound -> ThreadLocalRandom.current().nextInt(bound);

    private static final String ALWAYS = "always";
    private static final String NEVER = "never";

    private CanaryChoice() {
    }

    /**
     * The route that serves the request: the canary's or the matched one. {@code random} answers a number from 0
     * (inclusive) to its argument (exclusive).
     */
    static Route route(Route matched, RequestHead request, IntUnaryOperator random) {
        if (matched.canary().isEmpty()) {
            return matched;
        }
        Canary canary = matched.canary().get();
        Optional<RoutePolicy.CookieAffinity> affinity = matched.policy().affinity();
        if (canary.rule().sticky() && affinity.isPresent()) {
            String cookie = request.cookie(affinity.get().cookieName());
            if (Affinity.names(cookie, matched.backend().endpoints())) {
                return matched;
            }
            if (Affinity.names(cookie, canary.route().backend().endpoints())) {
                return canary.route();
            }
        }
        return takes(canary.rule(), request, random) ? canary.route() : matched;
    }

    static boolean takes(CanaryRule rule, RequestHead request, IntUnaryOperator random) {
        if (rule.header().isPresent()) {
            String value = request.value(AsciiString.of(rule.header().get()));
            if (value != null) {
                if (rule.headerValue().isPresent()) {
                    if (value.equals(rule.headerValue().get())) {
                        return true;
                    }
                } else if (rule.headerPattern().isPresent()) {
                    if (rule.headerPattern().get().matcher(value).find()) {
                        return true;
                    }
                } else if (value.equals(ALWAYS) || value.equals(NEVER)) {
                    return value.equals(ALWAYS);
                }
            }
        }
        if (rule.cookie().isPresent()) {
            String value = request.cookie(rule.cookie().get());
            if (ALWAYS.equals(value) || NEVER.equals(value)) {
                return value.equals(ALWAYS);
            }
        }
        return rule.weight() > 0 && random.applyAsInt(rule.weightTotal()) < rule.weight();
    }
}
