package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.reseau.ingress.model.RoutePolicy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code affinity: cookie}: the cookie names the endpoint by a digest of its address (so it does not reveal pod
 * addresses); a client whose cookie names a ready, non-ejected endpoint goes back to it, any other gets a
 * round-robin endpoint and a new cookie.
 */
final class Affinity {

    /** The tokens of endpoints seen: each request with a cookie compares it with every endpoint's. */
    private static final BoundedCache<InetSocketAddress, String> TOKENS = new BoundedCache<>(100_000);

    private Affinity() {
    }

    /** The endpoint the cookie names, when it can still take the request. */
    static Optional<InetSocketAddress> endpoint(String cookie, List<InetSocketAddress> endpoints,
            Collection<InetSocketAddress> tried, EndpointPicker picker) {
        if (cookie == null) {
            return Optional.empty();
        }
        return endpoints.stream().filter(e -> token(e).equals(cookie) && !tried.contains(e) && picker.available(e))
                .findFirst();
    }

    /** Whether the cookie (may be null) names one of these endpoints. */
    static boolean names(String cookie, List<InetSocketAddress> endpoints) {
        return cookie != null && endpoints.stream().anyMatch(endpoint -> token(endpoint).equals(cookie));
    }

    /** Sets the cookie when the client (its {@code User-Agent}: may be null) did not already name this endpoint. */
    static void remember(RoutePolicy.CookieAffinity affinity, String requested, InetSocketAddress endpoint,
            HttpHeaders response, boolean overTls, String userAgent) {
        String token = token(endpoint);
        if (token.equals(requested)) {
            return;
        }
        DefaultCookie cookie = new DefaultCookie(affinity.cookieName(), token);
        cookie.setPath(affinity.path());
        cookie.setHttpOnly(true);
        cookie.setSecure(overTls || affinity.secure());
        affinity.maxAgeSeconds().ifPresent(cookie::setMaxAge);
        affinity.domain().ifPresent(cookie::setDomain);
        affinity.sameSite()
                .filter(sameSite -> !(sameSite.equals("None") && affinity.conditionalSameSiteNone()
                        && !takesSameSiteNone(userAgent)))
                .ifPresent(sameSite -> cookie.setSameSite(CookieHeaderNames.SameSite.valueOf(sameSite)));
        response.add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie));
    }

    /**
     * Whether a browser keeps a cookie with {@code SameSite=None}: not Chrome 40-69 nor Safari on iOS 12 and macOS
     * 10.14, which refuse it or take it as Strict (Chromium's list of incompatible clients, as ingress-nginx
     * checks it); unknown clients do.
     */
    static boolean takesSameSiteNone(String userAgent) {
        if (userAgent == null) {
            return true;
        }
        return !(userAgent.contains("Chrome/4") || userAgent.contains("Chrome/5") || userAgent.contains("Chrome/6")
                || userAgent.contains("CPU iPhone OS 12") || userAgent.contains("iPad; CPU OS 12")
                || (userAgent.contains("Macintosh") && userAgent.contains("Intel Mac OS X 10_14")
                        && userAgent.contains("Safari") && !userAgent.contains("Chrome")));
    }

    static String token(InetSocketAddress endpoint) {
        return TOKENS.computeIfAbsent(endpoint, Affinity::digest);
    }

    private static String digest(InetSocketAddress endpoint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(endpoint.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
