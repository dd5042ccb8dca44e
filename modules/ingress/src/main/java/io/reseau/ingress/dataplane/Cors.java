package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.reseau.ingress.model.RoutePolicy;
import java.util.Arrays;

/**
 * The CORS headers of {@code enable-cors}, as ingress-nginx sends them: {@code *} as configured, or the request's
 * Origin when it is in the configured list (and nothing when it is not).
 */
final class Cors {

    private Cors() {
    }

    /** Headers of an ordinary response to a request from {@code requestOrigin} (its Origin field, or null). */
    static void simple(RoutePolicy.Cors cors, String requestOrigin, HttpHeaders response) {
        String origin = allowedOrigin(cors, requestOrigin);
        if (origin == null) {
            return;
        }
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if (cors.allowCredentials()) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        if (!cors.exposeHeaders().isEmpty()) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, cors.exposeHeaders());
        }
        if (!origin.equals("*")) {
            response.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }

    /** Headers of the answer to a preflight request. */
    static void preflight(RoutePolicy.Cors cors, String requestOrigin, HttpHeaders response) {
        simple(cors, requestOrigin, response);
        if (!response.contains(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)) {
            return;
        }
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, cors.allowMethods());
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, cors.allowHeaders());
        response.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, Long.toString(cors.maxAgeSeconds()));
    }

    private static String allowedOrigin(RoutePolicy.Cors cors, String origin) {
        if (cors.allowOrigin().strip().equals("*")) {
            return "*";
        }
        if (origin == null) {
            return null;
        }
        return Arrays.stream(cors.allowOrigin().split(",")).map(String::strip).anyMatch(origin::equalsIgnoreCase)
                ? origin : null;
    }
}
