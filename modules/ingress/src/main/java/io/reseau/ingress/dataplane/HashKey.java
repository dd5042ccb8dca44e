package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import io.reseau.ingress.model.NginxVariables;
import java.util.List;
import java.util.Locale;

/**
 * The key {@code upstream-hash-by} hashes a request by: its nginx variables ({@link NginxVariables}) replaced by
 * the request's values; {@code $binary_remote_addr} is the address as text, like {@code $remote_addr}. A missing
 * field, cookie or argument is empty, as in nginx. Pure.
 */
final class HashKey {

    private HashKey() {
    }

    /** {@code template} with the variables of {@code request} replaced. */
    static String of(String template, RequestHead request, String path, String query, String host, String clientIp) {
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
                case "$remote_addr", "$binary_remote_addr" -> clientIp;
                default -> name;
            };
        });
    }
}
