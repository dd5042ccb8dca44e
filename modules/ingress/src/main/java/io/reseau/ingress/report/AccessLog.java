package io.reseau.ingress.report;

import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.RelayedConnection;
import io.reseau.ingress.dataplane.RequestObserver;
import io.reseau.ingress.dataplane.UpstreamOutcome;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One line per request on the {@code reseau.ingress.access} log category, except those of routes with
 * {@code enable-access-log: "false"}, those for the URLs of {@code skip-access-log-urls} and, unless
 * {@code enable-access-log-for-default-backend}, those no Ingress rule took: a JSON object, or the
 * line of a {@code log-format-upstream} ({@link AccessLogFormat}); and one per relayed connection (TCP and UDP services, ssl-passthrough) when it ends: a
 * JSON object with the fields of nginx's stream log, or the line of a {@code log-format-stream}
 * ({@link StreamLogFormat}).
 */
public final class AccessLog implements RequestObserver {

    private static final Logger LOG = Logger.getLogger("reseau.ingress.access");

    private final Optional<AccessLogFormat> format;
    private final Optional<StreamLogFormat> streamFormat;
    /** Request URIs (path and query) left out, in lower case. */
    private final Set<String> skippedUrls;
    private final boolean unmatchedLogged;

    /**
     * An access log of JSON objects, or of lines in {@code format} for requests and in {@code streamFormat} for
     * relayed connections; requests for {@code skippedUrls} (path and query, as nginx's {@code $request_uri}, in any
     * case, as ingress-nginx's {@code skip-access-log-urls} compares them) are left out, and those no Ingress rule
     * took (the default backend's) unless {@code unmatchedLogged}, as ingress-nginx leaves out its default server's.
     */
    public AccessLog(Optional<AccessLogFormat> format, Optional<StreamLogFormat> streamFormat,
            Collection<String> skippedUrls, boolean unmatchedLogged) {
        this.format = format;
        this.streamFormat = streamFormat;
        this.skippedUrls = skippedUrls.stream().map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> url.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.unmatchedLogged = unmatchedLogged;
    }

    @Override
    public void completed(CompletedRequest r) {
        if (!LOG.isInfoEnabled() || r.route() != null && !r.route().policy().accessLog()
                || r.unmatched() && !unmatchedLogged || skipped(r)) {
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
        Optional<UpstreamOutcome.Attempt> last = r.upstream().last();
        field(line, "upstream", last.map(UpstreamOutcome.Attempt::endpointText).orElse("")).append(',');
        line.append("\"upstream_error\":").append(r.upstream().failed()).append(',');
        line.append("\"upstream_status\":").append(last.filter(attempt -> attempt.status() != 0)
                .map(attempt -> Integer.toString(attempt.status())).orElse("null")).append(',');
        line.append("\"upstream_duration_ms\":").append(last.map(attempt -> Double.toString(
                attempt.nanos() / 1_000_000.0)).orElse("null")).append(',');
        line.append("\"upstream_response_length\":").append(last.map(attempt -> Long.toString(
                attempt.responseLength())).orElse("null")).append(',');
        field(line, "request_id", r.requestId()).append(',');
        field(line, "user_agent", r.userAgent()).append(',');
        field(line, "referer", r.referer()).append('}');
        LOG.info(line);
    }

    private boolean skipped(CompletedRequest r) {
        if (skippedUrls.isEmpty()) {
            return false;
        }
        String uri = r.query().isEmpty() ? r.path() : r.path() + "?" + r.query();
        return skippedUrls.contains(uri.toLowerCase(Locale.ROOT));
    }

    @Override
    public void relayed(RelayedConnection c) {
        if (!LOG.isInfoEnabled() || !c.accessLog()) {
            return;
        }
        if (streamFormat.isPresent()) {
            LOG.info(streamFormat.get().line(c, Instant.now()));
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
        LogTemplate.appendJson(line, value);
        return line.append('"');
    }
}
