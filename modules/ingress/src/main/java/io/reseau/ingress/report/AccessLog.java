package io.reseau.ingress.report;

import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.RelayedConnection;
import io.reseau.ingress.dataplane.RequestObserver;
import io.reseau.ingress.dataplane.UpstreamOutcome;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One line per request on the {@code reseau.ingress.access} log category, except those of routes with
 * {@code enable-access-log: "false"}: a JSON object, or the line of a {@code log-format-upstream}
 * ({@link AccessLogFormat}); and one JSON object per relayed connection (TCP services, ssl-passthrough) when it ends,
 * with the fields of nginx's stream log.
 */
public final class AccessLog implements RequestObserver {

    private static final Logger LOG = Logger.getLogger("reseau.ingress.access");

    private final Optional<AccessLogFormat> format;

    /** An access log of JSON objects, or of lines in {@code format}. */
    public AccessLog(Optional<AccessLogFormat> format) {
        this.format = format;
    }

    @Override
    public void completed(CompletedRequest r) {
        if (!LOG.isInfoEnabled() || r.route() != null && !r.route().policy().accessLog()) {
            return;
        }
        if (format.isPresent()) {
            LOG.info(format.get().line(r, Instant.now()));
            return;
        }
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "client", r.client()).append(',');
        field(line, "protocol", r.protocol()).append(',');
        field(line, "method", r.method()).append(',');
        field(line, "host", r.host()).append(',');
        field(line, "path", r.path()).append(',');
        field(line, "query", r.query()).append(',');
        line.append("\"request_length\":").append(r.requestLength()).append(',');
        line.append("\"status\":").append(r.status()).append(',');
        line.append("\"bytes\":").append(r.bodyBytesSent()).append(',');
        line.append("\"duration_ms\":").append(r.durationNanos() / 1_000_000.0).append(',');
        field(line, "ingress", r.ingress()).append(',');
        field(line, "service", r.service()).append(',');
        UpstreamOutcome upstream = r.upstream();
        field(line, "upstream", upstream.endpointText()).append(',');
        line.append("\"upstream_error\":").append(upstream.failed()).append(',');
        line.append("\"upstream_status\":").append(upstream.status() == 0 ? "null"
                : Integer.toString(upstream.status())).append(',');
        line.append("\"upstream_duration_ms\":").append(upstream.asked()
                ? Double.toString(upstream.nanos() / 1_000_000.0) : "null").append(',');
        line.append("\"upstream_response_length\":").append(upstream.asked()
                ? Long.toString(upstream.responseLength()) : "null").append(',');
        field(line, "request_id", r.requestId()).append(',');
        field(line, "user_agent", r.userAgent()).append(',');
        field(line, "referer", r.referer()).append('}');
        LOG.info(line);
    }

    @Override
    public void relayed(RelayedConnection c) {
        if (!LOG.isInfoEnabled() || !c.accessLog()) {
            return;
        }
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "client", c.client()).append(',');
        field(line, "protocol", c.protocol()).append(',');
        field(line, "entry", c.entry()).append(',');
        line.append("\"status\":").append(c.status()).append(',');
        line.append("\"bytes_received\":").append(c.bytesReceived()).append(',');
        line.append("\"bytes_sent\":").append(c.bytesSent()).append(',');
        line.append("\"duration_ms\":").append(c.durationNanos() / 1_000_000.0).append(',');
        field(line, "service", c.service()).append(',');
        field(line, "upstream", c.upstreamText()).append('}');
        LOG.info(line);
    }

    private static StringBuilder field(StringBuilder line, String name, String value) {
        line.append('"').append(name).append("\":\"");
        AccessLogFormat.appendJson(line, value);
        return line.append('"');
    }
}
