package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import io.reseau.ingress.model.NginxVariables;
import java.util.List;
import java.util.Locale;

/**
 * A request's values of the nginx variables ({@link NginxVariables}) that {@code upstream-hash-by} keys,
 * {@code auth-cache-key} and the fields set on requests and responses may hold. {@code $binary_remote_addr} is the
 * address as text, like {@code $remote_addr}; a missing field, cookie, argument or request ID is empty, as in nginx.
 *
 * @param path      the normalised path ({@code $uri})
 * @param query     the query with its {@code ?}, or empty
 * @param host      the host asked for, without a port
 * @param requestId the request's X-Request-ID, the client's or reseau's; empty without one
 */
record RequestVariables(RequestHead request, String path, String query, String host, ClientInfo client,
        String requestId) {

    /** {@code template} with its variables replaced. */
    String expand(String template) {
        String args = query.startsWith("?") ? query.substring(1) : query;
        return NginxVariables.expand(template, name -> {
            if (name.startsWith("$http_")) {
                return request.value(AsciiString.of(name.substring(6).replace('_', '-').toLowerCase(Locale.ROOT)));
            }
            if (name.startsWith("$cookie_")) {
                return request.cookie(name.substring(8));
            }
            if (name.startsWith("$arg_")) {
                List<String> values = new QueryStringDecoder(args, false).parameters().get(name.substring(5));
                return values == null || values.isEmpty() ? null : values.getFirst();
            }
            return switch (name) {
                case "$request_uri" -> request.target();
                case "$uri" -> path;
                case "$args" -> args;
                case "$host" -> host;
                case "$remote_addr", "$binary_remote_addr" -> client.ip();
                case "$scheme" -> client.scheme();
                case "$server_port" -> client.localPort();
                case "$request_method" -> request.method().name();
                case "$request_id" -> requestId;
                case "$msec" -> msec(System.currentTimeMillis());
                default -> name;
            };
        });
    }

    /** nginx's {@code $msec}: seconds since the epoch with milliseconds, {@code 1733416000.123}. */
    static String msec(long epochMillis) {
        return "%d.%03d".formatted(epochMillis / 1000, epochMillis % 1000);
    }
}
