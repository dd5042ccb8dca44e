package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;
import java.util.Set;

/**
 * The {@code Set-Cookie} values of the answer that let a request through {@code auth-url}, for the response to the
 * client: as ingress-nginx's {@code add_header Set-Cookie $auth_cookie}, on the statuses nginx's {@code add_header}
 * applies to (a success or a redirect), or on every response with {@code auth-always-set-cookie}.
 */
record AuthCookies(List<String> values, boolean always) {

    /** The statuses nginx's {@code add_header} adds its field to without {@code always}. */
    private static final Set<Integer> ADD_HEADER_STATUSES = Set.of(200, 201, 204, 206, 301, 302, 303, 304, 307, 308);

    AuthCookies {
        values = List.copyOf(values);
    }

    /** Adds the cookies to the response's head, when its status takes them. */
    void addTo(ResponseHead head) {
        if (always || ADD_HEADER_STATUSES.contains(head.status())) {
            head.headers().add(HttpHeaderNames.SET_COOKIE, values);
        }
    }
}
