package io.reseau.ingress.report;

import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.UpstreamOutcome;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.NginxVariables;
import io.reseau.ingress.model.Route;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * ingress-nginx's {@code log-format-upstream}: an access log line written as a template of nginx variables, for log
 * pipelines that parse ingress-nginx's lines. The variables reseau fills in are {@link #VARIABLES} (the upstream's
 * of the last endpoint tried, where nginx lists every one); any other is written {@code -}, and
 * {@link #unsupported()} names them for a warning at start. Values are escaped as nginx's {@code escape=default}
 * does ({@code "}, {@code \} and bytes outside printable ASCII as {@code \xHH}), or as JSON strings with
 * {@code log-format-escape-json}. A request of no route writes {@code -} for the route's variables, as does one
 * without a User-Agent, Referer, endpoint or request ID for those. As in ingress-nginx, the route's variables are
 * those of the Ingress rule matched, also when its canary served the request, and
 * {@code $proxy_alternative_upstream_name} names the canary's upstream then (empty otherwise). Pure: the time is
 * given.
 */
public final class AccessLogFormat {

    /** The variables filled in. */
    public static final List<String> VARIABLES = List.of("$remote_addr", "$remote_user", "$time_local",
            "$time_iso8601", "$msec", "$request", "$request_method", "$request_uri", "$uri", "$args", "$query_string",
            "$server_protocol", "$status", "$body_bytes_sent", "$request_time", "$http_referer", "$http_user_agent",
            "$host", "$request_length", "$upstream_addr", "$req_id", "$request_id", "$namespace", "$ingress_name",
            "$service_name", "$service_port", "$proxy_upstream_name", "$proxy_alternative_upstream_name",
            "$upstream_status", "$upstream_response_time", "$upstream_response_length");

    private static final DateTimeFormatter TIME_LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME_ISO8601 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final List<NginxVariables.Part> parts;
    private final boolean json;

    private AccessLogFormat(List<NginxVariables.Part> parts, boolean json) {
        this.parts = parts;
        this.json = json;
    }

    /** The format of {@code template}, its values escaped as JSON strings or as nginx's default escaping. */
    public static AccessLogFormat of(String template, boolean escapeJson) {
        return new AccessLogFormat(NginxVariables.parts(template), escapeJson);
    }

    /** The variables of the template that are written {@code -}, each once. */
    public List<String> unsupported() {
        return parts.stream().filter(part -> part.variable() && !VARIABLES.contains(part.text()))
                .map(NginxVariables.Part::text).distinct().toList();
    }

    /** The line of a request completed at {@code now}. */
    public String line(CompletedRequest r, Instant now) {
        StringBuilder line = new StringBuilder(256);
        for (NginxVariables.Part part : parts) {
            if (part.variable()) {
                escape(line, value(part.text(), r, now));
            } else {
                line.append(part.text());
            }
        }
        return line.toString();
    }

    private static String value(String variable, CompletedRequest r, Instant now) {
        Route named = r.matched() != null ? r.matched() : r.route();
        Backend backend = named == null ? null : named.backend();
        UpstreamOutcome upstream = r.upstream();
        return switch (variable) {
            case "$remote_addr" -> r.client();
            case "$time_local" -> TIME_LOCAL.format(now);
            case "$time_iso8601" -> TIME_ISO8601.format(now);
            case "$msec" -> NginxVariables.msec(now.toEpochMilli());
            case "$request" -> r.method() + " " + requestUri(r) + " " + r.protocol();
            case "$request_method" -> r.method();
            case "$request_uri" -> requestUri(r);
            case "$uri" -> r.path();
            case "$args", "$query_string" -> r.query();
            case "$server_protocol" -> r.protocol();
            case "$status" -> Integer.toString(r.status());
            case "$body_bytes_sent" -> Long.toString(r.bodyBytesSent());
            case "$request_time" -> seconds(r.durationNanos());
            case "$http_referer" -> orDash(r.referer());
            case "$http_user_agent" -> orDash(r.userAgent());
            case "$host" -> r.host();
            case "$request_length" -> Long.toString(r.requestLength());
            case "$upstream_addr" -> orDash(upstream.endpointText());
            case "$upstream_status" -> upstream.status() == 0 ? "-" : Integer.toString(upstream.status());
            case "$upstream_response_time" -> upstream.asked() ? seconds(upstream.nanos()) : "-";
            case "$upstream_response_length" -> upstream.asked() ? Long.toString(upstream.responseLength()) : "-";
            case "$req_id", "$request_id" -> orDash(r.requestId());
            case "$namespace" -> backend == null ? "-" : backend.namespace();
            case "$ingress_name" -> named == null ? "-" : named.ingress().substring(named.ingress().indexOf('/') + 1);
            case "$service_name" -> backend == null ? "-" : backend.service();
            case "$service_port" -> backend == null ? "-" : backend.port();
            case "$proxy_upstream_name" -> backend == null ? "-" : upstreamName(backend);
            case "$proxy_alternative_upstream_name" -> r.canaryBackend() == null ? "" : upstreamName(r.canaryBackend());
            default -> "-";
        };
    }

    /** ingress-nginx's name of a Service port's upstream: {@code namespace-service-port}. */
    private static String upstreamName(Backend backend) {
        return backend.namespace() + "-" + backend.service() + "-" + backend.port();
    }

    /** Seconds with milliseconds, as nginx writes times. */
    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static String requestUri(CompletedRequest r) {
        return r.query().isEmpty() ? r.path() : r.path() + "?" + r.query();
    }

    private static String orDash(String value) {
        return value.isEmpty() ? "-" : value;
    }

    private void escape(StringBuilder line, String value) {
        if (json) {
            appendJson(line, value);
            return;
        }
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int octet = b & 0xff;
            if (octet == '"' || octet == '\\' || octet < 0x20 || octet > 0x7e) {
                line.append("\\x").append(HEX[octet >> 4]).append(HEX[octet & 0xf]);
            } else {
                line.append((char) octet);
            }
        }
    }

    /** {@code value} as the inside of a JSON string: quotes, backslashes and control characters escaped. */
    static void appendJson(StringBuilder line, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
    }
}
