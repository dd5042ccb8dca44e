package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.reseau.ingress.model.PathMatch;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.VirtualHost;
import java.net.InetAddress;
import java.util.regex.Matcher;

/**
 * What a matched route's policy makes of a request, in ingress-nginx's order: source ranges (403), permanent
 * redirect, HTTPS redirect ({@code http-redirect-code}, 308 by default; not for {@code no-tls-redirect-locations}),
 * app-root (302 from {@code /}), CORS preflight (204); otherwise it is forwarded, to the path rewrite-target gives.
 * Pure: no I/O, so each rule is tested on its own.
 */
final class RouteDecision {

    /** The outcome. */
    sealed interface Outcome {
        record Forbidden() implements Outcome {
        }

        record Redirect(int status, String location) implements Outcome {
        }

        record Preflight(RoutePolicy.Cors cors) implements Outcome {
        }

        record Forward(String pathAndQuery) implements Outcome {
        }
    }

    private RouteDecision() {
    }

    static Outcome decide(VirtualHost host, Route route, RequestHead request, String hostHeader, String path,
            String query, InetAddress client, boolean secure, DataPlaneSettings.Redirects redirects) {
        RoutePolicy policy = route.policy();
        if (!policy.sources().admits(client) && !(policy.sources().orAuthenticated() && policy.authenticates())) {
            return new Outcome.Forbidden();
        }
        if (policy.redirect().isPresent()) {
            RoutePolicy.Redirect redirect = policy.redirect().get();
            return new Outcome.Redirect(redirect.status(), redirect.location());
        }
        if (!secure && policy.httpsRedirect().applies(host.tls()) && !redirects.keepsPlain(route.match().path())) {
            String name = hostHeader.contains(":") && !hostHeader.endsWith("]")
                    ? hostHeader.substring(0, hostHeader.lastIndexOf(':')) : hostHeader;
            String port = redirects.httpsPort() == 443 ? "" : ":" + redirects.httpsPort();
            return new Outcome.Redirect(redirects.status(),
                    "https://" + name + port + policy.httpsRedirect().target(path + query));
        }
        if (policy.appRoot().isPresent() && path.equals("/")) {
            return new Outcome.Redirect(302, policy.appRoot().get());
        }
        if (policy.cors().isPresent() && request.method().equals(HttpMethod.OPTIONS)
                && request.value(HttpHeaderNames.ORIGIN) != null
                && request.value(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            return new Outcome.Preflight(policy.cors().get());
        }
        String target = rewrite(route, path);
        // Most requests have no query: the path as it is, not a copy of it.
        return new Outcome.Forward(query.isEmpty() ? target : target + query);
    }

    /**
     * ingress-nginx's rewrite-target: the whole path becomes the target, with {@code $1}... taken from the
     * route's regular expression; the query string is kept.
     */
    static String rewrite(Route route, String path) {
        if (route.policy().rewriteTarget().isEmpty()) {
            return path;
        }
        String target = route.policy().rewriteTarget().get();
        if (!(route.match() instanceof PathMatch.Regex regex)) {
            return target;
        }
        Matcher matcher = regex.matcher(path);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '$' && i + 1 < target.length() && Character.isDigit(target.charAt(i + 1))) {
                int group = target.charAt(++i) - '0';
                if (group <= matcher.groupCount() && matcher.group(group) != null) {
                    out.append(matcher.group(group));
                }
            } else {
                out.append(c);
            }
        }
        String rewritten = out.toString();
        return rewritten.startsWith("/") ? rewritten : "/" + rewritten;
    }
}
