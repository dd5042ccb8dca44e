package io.reseau.ingress.report;

import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.UpstreamOutcome;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.NginxVariables;
import io.reseau.ingress.model.Route;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * ingress-nginx's {@code log-format-upstream}: an access log line written as a template of nginx variables, for log
 * pipelines that parse ingress-nginx's lines. The variables reseau fills in are {@link #VARIABLES} (the upstream's
 * list every endpoint asked, separated by {@code ", "}, as nginx's); any other is written {@code -}, and
 * {@link #unsupported()} names them for a warning at start; values are escaped as {@link LogTemplate} says. A
 * request of no route writes {@code -} for the route's variables, as does one without a User-Agent, Referer,
 * endpoint or request ID for those. As in ingress-nginx, the route's variables are those of the Ingress rule
 * matched, also when its canary served the request, and {@code $proxy_alternative_upstream_name} names the canary's
 * upstream then (empty otherwise). Pure: the time is given.
 */
public final class AccessLogFormat {

    /** The variables filled in. */
    public static final List<String> VARIABLES = List.of("$remote_addr", "$remote_user", "$scheme", "$server_port",
            "$proxy_add_x_forwarded_for", "$proxy_protocol_addr", "$time_local",
            "$time_iso8601", "$msec", "$request", "$request_method", "$request_uri", "$uri", "$args", "$query_string",
            "$server_protocol", "$status", "$body_bytes_sent", "$bytes_sent", "$request_time", "$http_referer",
            "$http_user_agent", "$host", "$request_length", "$upstream_addr", "$req_id", "$request_id", "$namespace",
            "$ingress_name", "$service_name", "$service_port", "$proxy_upstream_name",
            "$proxy_alternative_upstream_name", "$upstream_status", "$upstream_connect_time", "$upstream_header_time",
            "$upstream_response_time", "$upstream_response_length");

    /** nginx's variables of request fields: {@code $http_} and the field's name. */
    private static final String FIELD = "$http_";

    private final LogTemplate template;
    /** The template's request field variables ({@code $http_<name>}), each with the field it names, in order. */
    private final Map<String, String> fieldVariables = new LinkedHashMap<>();

    private AccessLogFormat(LogTemplate template) {
        this.template = template;
        for (String variable : template.unknown(VARIABLES)) {
            if (variable.startsWith(FIELD)) {
                fieldVariables.put(variable, variable.substring(FIELD.length()).toLowerCase(Locale.ROOT)
                        .replace('_', '-'));
            }
        }
    }

    /** The format of {@code template}, its values escaped as JSON strings or as nginx's default escaping. */
    public static AccessLogFormat of(String template, LogEscape escape) {
        return new AccessLogFormat(new LogTemplate(template, escape));
    }

    /** The variables of the template that are written {@code -}, each once. */
    public List<String> unsupported() {
        return template.unknown(VARIABLES).stream().filter(variable -> !fieldVariables.containsKey(variable)).toList();
    }

    /**
     * The request fields the template names beyond Referer and User-Agent ({@code $http_<name>}, as nginx's: the
     * name in lowercase with {@code -} for {@code _}), each once: the data plane keeps them for the line.
     */
    public List<String> requestFields() {
        return fieldVariables.values().stream().distinct().toList();
    }

    /** The line of a request completed at {@code now}. */
    public String line(CompletedRequest r, Instant now) {
        return template.line(variable -> value(variable, r, now));
    }

    private String value(String variable, CompletedRequest r, Instant now) {
        Route named = r.matched() != null ? r.matched() : r.route();
        Backend backend = named == null ? null : named.backend();
        List<UpstreamOutcome.Attempt> attempts = r.upstream().attempts();
        return switch (variable) {
            case "$remote_addr" -> r.client();
            case "$scheme" -> r.scheme();
            case "$server_port" -> r.serverPort();
            case "$proxy_add_x_forwarded_for" -> r.forwardedFor();
            case "$proxy_protocol_addr" -> r.proxyProtocolAddress();
            case "$time_local" -> LogTemplate.TIME_LOCAL.format(now);
            case "$time_iso8601" -> LogTemplate.TIME_ISO8601.format(now);
            case "$msec" -> NginxVariables.msec(now.toEpochMilli());
            case "$request" -> r.method() + " " + requestUri(r) + " " + r.protocol();
            case "$request_method" -> r.method();
            case "$request_uri" -> requestUri(r);
            case "$uri" -> r.path();
            case "$args", "$query_string" -> r.query();
            case "$server_protocol" -> r.protocol();
            case "$status" -> Integer.toString(r.status());
            case "$body_bytes_sent" -> Long.toString(r.bodyBytesSent());
            case "$bytes_sent" -> Long.toString(r.bytesSent());
            case "$request_time" -> LogTemplate.seconds(r.durationNanos());
            case "$http_referer" -> orDash(r.referer());
            case "$http_user_agent" -> orDash(r.userAgent());
            case "$host" -> r.host();
            case "$request_length" -> Long.toString(r.requestLength());
            case "$upstream_addr" -> each(attempts, UpstreamOutcome.Attempt::endpointText);
            case "$upstream_status" -> each(attempts, attempt -> attempt.status() == 0 ? "-"
                    : Integer.toString(attempt.status()));
            case "$upstream_connect_time" -> each(attempts, attempt -> secondsOrDash(attempt.connectNanos()));
            case "$upstream_header_time" -> each(attempts, attempt -> secondsOrDash(attempt.headerNanos()));
            case "$upstream_response_time" -> each(attempts, attempt -> LogTemplate.seconds(attempt.nanos()));
            case "$upstream_response_length" -> each(attempts, attempt -> Long.toString(attempt.responseLength()));
            case "$req_id", "$request_id" -> orDash(r.requestId());
            case "$namespace" -> backend == null ? "-" : backend.namespace();
            case "$ingress_name" -> named == null ? "-" : named.ingressName();
            case "$service_name" -> backend == null ? "-" : backend.service();
            case "$service_port" -> backend == null ? "-" : backend.port();
            case "$proxy_upstream_name" -> backend == null ? "-" : upstreamName(backend);
            case "$proxy_alternative_upstream_name" -> r.canaryBackend() == null ? "" : upstreamName(r.canaryBackend());
            default -> {
                String field = fieldVariables.get(variable);
                yield field == null ? "-" : r.fields().getOrDefault(field, "-");
            }
        };
    }

    /**
     * A value for each endpoint asked, as nginx lists them: those of one upstream separated by {@code ", "}, the
     * error page's upstream after a {@code " : "}; {@code -} for none.
     */
    private static String each(List<UpstreamOutcome.Attempt> attempts,
            Function<UpstreamOutcome.Attempt, String> value) {
        if (attempts.isEmpty()) {
            return "-";
        }
        StringBuilder values = new StringBuilder(value.apply(attempts.getFirst()));
        for (int i = 1; i < attempts.size(); i++) {
            UpstreamOutcome.Attempt attempt = attempts.get(i);
            values.append(attempt.errorPage() == attempts.get(i - 1).errorPage() ? ", " : " : ")
                    .append(value.apply(attempt));
        }
        return values.toString();
    }

    /** ingress-nginx's name of a Service port's upstream: {@code namespace-service-port}. */
    private static String upstreamName(Backend backend) {
        return backend.namespace() + "-" + backend.service() + "-" + backend.port();
    }

    private static String requestUri(CompletedRequest r) {
        return r.query().isEmpty() ? r.path() : r.path() + "?" + r.query();
    }

    /** A time in seconds as nginx writes it, or {@code -} for one that did not come (-1). */
    private static String secondsOrDash(long nanos) {
        return nanos < 0 ? "-" : LogTemplate.seconds(nanos);
    }

    private static String orDash(String value) {
        return value.isEmpty() ? "-" : value;
    }
}
