package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import io.reseau.ingress.model.HashKeyVariables;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * The key {@code upstream-hash-by} hashes a request by: its nginx variables ({@link HashKeyVariables}) replaced by
 * the request's values; {@code $binary_remote_addr} is the address as text, like {@code $remote_addr}. A missing
 * field, cookie or argument is empty, as in nginx. Pure.
 */
final class HashKey {

    private HashKey() {
    }

    /** {@code template} with the variables of {@code request} replaced. */
    static String of(String template, RequestHead request, String path, String query, String host, String clientIp) {
        Matcher variable = HashKeyVariables.PATTERN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            String name = variable.group();
            String value;
            if (name.startsWith("$http_")) {
                value = request.value(AsciiString.of(name.substring(6).replace('_', '-').toLowerCase(Locale.ROOT)));
            } else if (name.startsWith("$cookie_")) {
                value = request.cookie(name.substring(8));
            } else if (name.startsWith("$arg_")) {
                List<String> values = new QueryStringDecoder(query.startsWith("?") ? query.substring(1) : query,
                        false).parameters().get(name.substring(5));
                value = values == null || values.isEmpty() ? null : values.getFirst();
            } else {
                value = switch (name) {
                    case "$request_uri" -> request.target();
                    case "$uri" -> path;
                    case "$args" -> query.startsWith("?") ? query.substring(1) : query;
                    case "$host" -> host;
                    case "$remote_addr", "$binary_remote_addr" -> clientIp;
                    default -> name;
                };
            }
            variable.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        return variable.appendTail(out).toString();
    }
}
