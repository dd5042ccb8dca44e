package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.reseau.ingress.model.HeaderEdits;
import io.reseau.ingress.model.NginxVariables;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A request's values of the nginx variables ({@link NginxVariables}) that {@code upstream-hash-by} keys,
 * {@code auth-cache-key} and the fields set on requests and responses may hold. {@code $binary_remote_addr} is the
 * address as text, like {@code $remote_addr}; a missing field, cookie, argument or request ID is empty, as in nginx.
 *
 * @param path      the normalised path ({@code $uri}); the query ({@code $args}) is the request target's
 * @param host      the host asked for
 * @param requestId the request's X-Request-ID, the client's or reseau's; empty without one
 */
record RequestVariables(RequestHead request, String path, String host, ClientInfo client, String requestId) {

    /**
     * Sets each field, its variables filled in from the request: {@code variables} is asked once, and only when a
     * value holds any.
     */
    static void set(List<HeaderEdits.Field> fields, HttpHeaders headers, Supplier<RequestVariables> variables) {
        RequestVariables filled = null;
        for (HeaderEdits.Field field : fields) {
            String value = field.value();
            if (field.templated()) {
                if (filled == null) {
                    filled = variables.get();
                }
                value = filled.expand(value);
            }
            headers.set(field.name(), value);
        }
    }

    /** {@code template} with its variables replaced. */
    String expand(String template) {
        return NginxVariables.expand(template, this::value);
    }

    /** The value of a variable (with its {@code $}): null for a missing field, cookie or argument. */
    String value(String name) {
        if (name.startsWith("$http_")) {
            return request.value(AsciiString.of(name.substring(6).replace('_', '-').toLowerCase(Locale.ROOT)));
        }
        if (name.startsWith("$cookie_")) {
            return request.cookie(name.substring(8));
        }
        if (name.startsWith("$arg_")) {
            return argument(name.substring(5));
        }
        return switch (name) {
            case "$request_uri" -> request.target();
            case "$uri" -> path;
            case "$args" -> args();
            case "$host" -> host;
            case "$remote_addr", "$binary_remote_addr" -> client.ip();
            case "$scheme" -> client.scheme();
            case "$server_port" -> client.localPort();
            case "$request_method" -> request.method().name();
            case "$request_id" -> requestId;
            case "$msec" -> NginxVariables.msec(System.currentTimeMillis());
            default -> name;
        };
    }

    /**
     * The first argument of that name in the query, compared in any case, as nginx's {@code $arg_<name>}: as written,
     * not percent-decoded; null without one.
     */
    private String argument(String argName) {
        for (String pair : args().split("&")) {
            int equals = pair.indexOf('=');
            if (equals == argName.length() && pair.regionMatches(true, 0, argName, 0, equals)) {
                return pair.substring(equals + 1);
            }
        }
        return null;
    }

    private String args() {
        String target = request.target();
        int question = target.indexOf('?');
        return question < 0 ? "" : target.substring(question + 1);
    }
}
