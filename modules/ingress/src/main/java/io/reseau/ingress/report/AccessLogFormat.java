package io.reseau.ingress.report;

import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.LoggedFields;
import io.reseau.ingress.dataplane.UpstreamOutcome;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.NginxVariables;
import io.reseau.ingress.model.Route;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * ingress-nginx's {@code log-format-upstream}: an access log line written as a template of nginx variables, for log
 * pipelines that parse ingress-nginx's lines. The variables reseau fills in are {@link #VARIABLES} (the upstream's
 * list every endpoint asked, separated by {@code ", "}, as nginx's) and those of fields and cookies
 * ({@link LoggedFields}); any other is written as not found, and {@link #unsupported()} names them for a warning at
 * start; values are escaped as {@link LogTemplate} says. A request of no route writes {@code -} for the route's
 * variables; one without a User-Agent, Referer, endpoint, request ID, field or cookie has no value for those, as one
 * over plain HTTP for the {@code $ssl_} ones and one without a PROXY protocol header for the
 * {@code $proxy_protocol_} ones: they are written as nginx writes a variable not found ({@link LogTemplate}). As in
 * ingress-nginx, the route's variables are those of the Ingress rule matched, also when its canary served the
 * request, and {@code $proxy_alternative_upstream_name} names the canary's upstream then (empty otherwise). Pure:
 * the time is given.
 */
public final class AccessLogFormat {

    /** The variables filled in. */
    public static final List<String> VARIABLES = List.of("$remote_addr", "$remote_port", "$remote_user", "$scheme",
            "$server_port", "$proxy_add_x_forwarded_for", "$proxy_protocol_addr", "$proxy_protocol_port",
            "$connection", "$connection_requests", "$ssl_protocol", "$ssl_cipher", "$ssl_server_name", "$time_local",
            "$time_iso8601", "$msec", "$request", "$request_method", "$request_uri", "$uri", "$args", "$query_string",
            "$server_protocol", "$status", "$body_bytes_sent", "$bytes_sent", "$request_time", "$http_referer",
            "$http_user_agent", "$host", "$request_length", "$upstream_addr", "$req_id", "$request_id", "$namespace",
            "$ingress_name", "$service_name", "$service_port", "$proxy_upstream_name",
            "$proxy_alternative_upstream_name", "$upstream_status", "$upstream_connect_time", "$upstream_header_time",
            "$upstream_response_time", "$upstream_response_length");

    private final LogTemplate template;
    /** The template's variables of fields and cookies ({@code $http_<name>}, {@code $sent_http_<name>} ...). */
    private final LoggedFields fields;

    private AccessLogFormat(LogTemplate template) {
        this.template = template;
        this.fields = LoggedFields.of(template.unknown(VARIABLES));
    }

    /** The format of {@code template}, its values escaped as JSON strings or as nginx's default escaping. */
    public static AccessLogFormat of(String template, LogEscape escape) {
        return new AccessLogFormat(new LogTemplate(template, escape));
    }

    /** The variables of the template that are not filled in, each once. */
    public List<String> unsupported() {
        return template.unknown(VARIABLES).stream().filter(variable -> !fields.names(variable)).toList();
    }

    /** The fields and cookies the template names beyond Referer and User-Agent: the data plane keeps them. */
    public LoggedFields loggedFields() {
        return fields;
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
            case "$remote_port" -> r.clientPort();
            case "$scheme" -> r.connection().scheme();
            case "$server_port" -> r.connection().serverPort();
            case "$proxy_add_x_forwarded_for" -> r.forwardedFor();
            case "$proxy_protocol_addr" -> orNotFound(r.connection().proxyProtocolAddress());
            case "$proxy_protocol_port" -> orNotFound(r.connection().proxyProtocolPort());
            case "$connection" -> Long.toString(r.connection().serial());
            case "$connection_requests" -> Long.toString(r.connectionRequests());
            case "$ssl_protocol" -> orNotFound(r.connection().tlsProtocol());
            case "$ssl_cipher" -> orNotFound(r.connection().tlsCipher());
            case "$ssl_server_name" -> orNotFound(r.connection().tlsServerName());
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
            case "$http_referer" -> orNotFound(r.referer());
            case "$http_user_agent" -> orNotFound(r.userAgent());
            case "$host" -> r.host();
            case "$request_length" -> Long.toString(r.requestLength());
            case "$upstream_addr" -> each(attempts, UpstreamOutcome.Attempt::endpointText);
            case "$upstream_status" -> each(attempts, attempt -> attempt.status() == 0 ? "-"
                    : Integer.toString(attempt.status()));
            case "$upstream_connect_time" -> each(attempts, attempt -> secondsOrDash(attempt.connectNanos()));
            case "$upstream_header_time" -> each(attempts, attempt -> secondsOrDash(attempt.headerNanos()));
            case "$upstream_response_time" -> each(attempts, attempt -> LogTemplate.seconds(attempt.nanos()));
            case "$upstream_response_length" -> each(attempts, attempt -> Long.toString(attempt.responseLength()));
            case "$req_id", "$request_id" -> orNotFound(r.requestId());
            case "$namespace" -> backend == null ? "-" : backend.namespace();
            case "$ingress_name" -> named == null ? "-" : named.ingressName();
            case "$service_name" -> backend == null ? "-" : backend.service();
            case "$service_port" -> backend == null ? "-" : backend.port();
            case "$proxy_upstream_name" -> backend == null ? "-" : upstreamName(backend);
            case "$proxy_alternative_upstream_name" -> r.canaryBackend() == null ? "" : upstreamName(r.canaryBackend());
            default -> r.fields().get(variable);
        };
    }

    /**
     * A value for each endpoint asked, as nginx lists them: those of one upstream separated by {@code ", "}, the
     * error page's upstream after a {@code " : "}; not found for none.
     */
    private static String each(List<UpstreamOutcome.Attempt> attempts,
            Function<UpstreamOutcome.Attempt, String> value) {
        if (attempts.isEmpty()) {
            return null;
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

    /** A value, or not found (null) for an empty one. */
    private static String orNotFound(String value) {
        return value.isEmpty() ? null : value;
    }
}
