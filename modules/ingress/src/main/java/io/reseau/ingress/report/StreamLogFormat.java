package io.reseau.ingress.report;

import io.reseau.ingress.dataplane.RelayedConnection;
import io.reseau.ingress.model.NginxVariables;
import java.time.Instant;
import java.util.List;

/**
 * ingress-nginx's {@code log-format-stream}: the access log line of a relayed connection (TCP and UDP services,
 * ssl-passthrough) written as a template of nginx's stream variables, for log pipelines that parse ingress-nginx's
 * lines. The variables reseau fills in are {@link #VARIABLES}: {@code $protocol} is {@code TCP} or {@code UDP}
 * (ssl-passthrough's connections are TCP), {@code $ssl_preread_server_name} the name a passed-through connection
 * asked for (empty for the others); any other variable is written as not found, and {@link #unsupported()} names
 * them for a warning at start. Values are escaped as {@link LogTemplate} says. Pure: the time is given.
 */
public final class StreamLogFormat {

    /** The variables filled in. */
    public static final List<String> VARIABLES = List.of("$remote_addr", "$time_local", "$time_iso8601", "$msec",
            "$protocol", "$status", "$bytes_sent", "$bytes_received", "$session_time", "$upstream_addr",
            "$ssl_preread_server_name");

    private final LogTemplate template;

    private StreamLogFormat(LogTemplate template) {
        this.template = template;
    }

    /** The format of {@code template}, its values escaped as JSON strings or as nginx's default escaping. */
    public static StreamLogFormat of(String template, LogEscape escape) {
        return new StreamLogFormat(new LogTemplate(template, escape));
    }

    /** The variables of the template that are not filled in, each once. */
    public List<String> unsupported() {
        return template.unknown(VARIABLES);
    }

    /** The line of a connection ended at {@code now}. */
    public String line(RelayedConnection c, Instant now) {
        boolean passedThrough = c.protocol().equals("TLS");
        return template.line(variable -> switch (variable) {
            case "$remote_addr" -> c.client();
            case "$time_local" -> LogTemplate.TIME_LOCAL.format(now);
            case "$time_iso8601" -> LogTemplate.TIME_ISO8601.format(now);
            case "$msec" -> NginxVariables.msec(now.toEpochMilli());
            case "$protocol" -> passedThrough ? "TCP" : c.protocol();
            case "$status" -> Integer.toString(c.status());
            case "$bytes_sent" -> Long.toString(c.bytesSent());
            case "$bytes_received" -> Long.toString(c.bytesReceived());
            case "$session_time" -> LogTemplate.seconds(c.durationNanos());
            case "$upstream_addr" -> c.upstream() == null ? null : c.upstreamText();
            case "$ssl_preread_server_name" -> passedThrough ? c.entry() : "";
            default -> null;
        });
    }
}
