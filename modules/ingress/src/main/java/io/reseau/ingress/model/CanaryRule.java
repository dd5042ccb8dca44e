package io.reseau.ingress.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which requests a canary Ingress takes from the route it shadows (ingress-nginx's {@code canary-*} annotations),
 * tried in ingress-nginx's order: the header, then the cookie, then the weight.
 *
 * @param header        {@code canary-by-header}, in lowercase: a request field that decides ({@code always} /
 *                      {@code never}, or {@code headerValue} / {@code headerPattern}); any other value leaves it to
 *                      the next rule
 * @param headerValue   {@code canary-by-header-value}: the value that sends a request to the canary
 * @param headerPattern {@code canary-by-header-pattern}: a regular expression found in the value does the same
 *                      (ignored when {@code headerValue} is set)
 * @param cookie        {@code canary-by-cookie}: a cookie valued {@code always} or {@code never} decides
 * @param weight        {@code canary-weight}: the share of the remaining requests, out of {@code weightTotal}
 * @param weightTotal   {@code canary-weight-total}, 100 by default
 * @param sticky        {@code affinity-canary-behavior: sticky} (the default; {@code legacy}: not): with cookie
 *                      affinity on the route, a client whose cookie names an endpoint of either backend stays on
 *                      that backend, before any rule
 */
public record CanaryRule(Optional<String> header, Optional<String> headerValue, Optional<Pattern> headerPattern,
        Optional<String> cookie, int weight, int weightTotal, boolean sticky) {

    public CanaryRule {
        if (weightTotal <= 0 || weight < 0 || weight > weightTotal) {
            throw new IllegalArgumentException("weight " + weight + " out of " + weightTotal);
        }
    }
}
