package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.reseau.ingress.model.SourceRange;
import io.reseau.ingress.model.TlsPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the proxy listens and defends itself.
 *
 * @param workers            event loop threads (0: one per CPU)
 * @param maxConnections     client connections open at once; more are closed on accept
 * @param underscoresInHeaders request fields whose name holds an underscore are passed on
 *                           ({@code enable-underscores-in-headers}); otherwise dropped, as nginx's default
 * @param headerTimeout      time a client has to send a complete request head once it started (408 after)
 * @param bodyTimeout        longest pause between two parts of a request body (408 after)
 * @param keepAliveTimeout   how long an idle client connection is kept between requests
 * @param keepAliveRequests  requests served on one client connection before it is closed (HTTP/1.1:
 *                           {@code Connection: close} on the last; HTTP/2: GOAWAY once that many streams have
 *                           started); 0 means no limit ({@code keep-alive-requests})
 * @param upstreamKeepalive how connections to HTTP/1.1 backends are kept alive between requests
 * @param maxFails           consecutive failures that eject an endpoint for {@code ejectFor}
 * @param attempts           endpoints tried in all for a request that may go on to another, unless its route says
 *                           ({@code proxy-next-upstream-tries}; {@code Integer.MAX_VALUE}: every endpoint once)
 * @param retryNonIdempotent POST, PATCH and LOCK requests go on to another endpoint too, whatever a route's
 *                           {@code proxy-next-upstream} says ({@code retry-non-idempotent}, nginx's
 *                           {@code non_idempotent} on every route)
 * @param redirects          how the proxy's own redirects are made: HTTP to HTTPS, to or from {@code www.}
 * @param http2              HTTP/2 offered to TLS clients (ALPN {@code h2}); without it HTTP/1.1 only
 *                           ({@code use-http2})
 * @param hsts               the Strict-Transport-Security field added to responses over TLS that have none
 * @param backendServerHeader backends' Server fields reach clients ({@code allow-backend-server-header}); otherwise
 *                           left out, as nginx leaves them out
 * @param hiddenResponseFields fields of backends' responses that clients do not get ({@code hide-headers})
 * @param generateRequestId  requests without an X-Request-ID get one for their backend ({@code generate-request-id})
 * @param compressions       how responses are compressed for clients that take it ({@code enable-brotli},
 *                           {@code use-gzip}), in order of preference; none: never
 * @param proxyProtocol      every connection starts with a PROXY protocol header naming the client
 * @param proxyProtocolTimeout how long a connection has to send its PROXY protocol header, here and to TCP services
 *                           that expect one, before it is closed ({@code proxy-protocol-header-timeout})
 * @param trustedProxies     proxies whose forwarded fields name the client ({@code use-forwarded-headers})
 * @param blocked            clients refused (403) whatever they ask ({@code block-cidrs}, {@code block-user-agents},
 *                           {@code block-referers})
 * @param limitStatuses      the statuses of requests refused by an Ingress's rate limits
 * @param tls                TLS to clients: versions and cipher suites offered, the session ticket key, names
 *                           refused ({@link ClientTls})
 * @param tracing            where the spans of traced requests go ({@code otlp-collector-host}); empty: requests
 *                           are not traced, whatever their routes say
 * @param loggedFields       the request and response fields the access log names beyond User-Agent and Referer
 *                           ({@code $http_<name>}, {@code $cookie_<name>}, {@code $sent_http_<name>} in
 *                           {@code log-format-upstream})
 */
public record DataPlaneSettings(String bindAddress, int httpPort, int httpsPort, int workers, int maxConnections,
        int maxLineBytes, int maxHeaderBytes, boolean underscoresInHeaders, Duration headerTimeout,
        Duration bodyTimeout, Duration keepAliveTimeout, int keepAliveRequests, UpstreamKeepalive upstreamKeepalive,
        int maxFails, Duration ejectFor, int attempts, boolean retryNonIdempotent, Redirects redirects,
        int maxConcurrentStreams, boolean http2, Optional<String> hsts, boolean backendServerHeader,
        List<String> hiddenResponseFields,
        boolean generateRequestId, List<Compression> compressions, boolean proxyProtocol,
        Duration proxyProtocolTimeout, Optional<TrustedProxies> trustedProxies,
        BlockedClients blocked, LimitStatuses limitStatuses, ClientTls tls, Optional<OtlpExport> tracing,
        LoggedFields loggedFields) {

    public DataPlaneSettings {
        hiddenResponseFields = List.copyOf(hiddenResponseFields);
        compressions = List.copyOf(compressions);
    }

    /**
     * TLS to clients: the versions and suites offered ({@code ssl-protocols}, {@code ssl-ciphers}), whether handshakes
     * naming no host of the table's rules, or none, are refused ({@code ssl-reject-handshake}), how clients resume
     * their sessions ({@code ssl-session-*}), and whether the server's order of TLS 1.2 suites is preferred to the
     * client's where the host does not say ({@code ssl-prefer-server-ciphers}), the key exchange groups offered,
     * by BoringSSL's names ({@code ssl-ecdh-curve}; empty: the TLS library's own choice), and whether certificates'
     * OCSP answers are stapled ({@code enable-ocsp}; see {@link OcspStapling}).
     */
    public record ClientTls(TlsPolicy policy, boolean rejectUnknownNames, SessionResumption resumption,
            boolean preferServerCiphers, List<String> groups, boolean ocspStapling) {

        public static final ClientTls DEFAULT = new ClientTls(TlsPolicy.DEFAULT, false, SessionResumption.DEFAULT,
                true, List.of(), false);

        public ClientTls {
            groups = List.copyOf(groups);
        }
    }

    /**
     * How connections to HTTP/1.1 backends are kept alive, per event loop and endpoint, as ingress-nginx's
     * {@code upstream-keepalive-*} keys: at most {@code connections} idle ones kept, each closed after {@code timeout}
     * idle, and not used again once it has carried {@code requests} requests (0: no limit) or been open for
     * {@code time} (closed after the response that passes either).
     */
    public record UpstreamKeepalive(int connections, Duration timeout, int requests, Duration time) {

        /** ingress-nginx's defaults. */
        public static final UpstreamKeepalive DEFAULT = new UpstreamKeepalive(320, Duration.ofSeconds(60), 10_000,
                Duration.ofHours(1));

        public UpstreamKeepalive {
            if (connections < 0) {
                throw new IllegalArgumentException("upstream-keepalive-connections is negative: " + connections);
            }
            if (requests < 0) {
                throw new IllegalArgumentException("upstream-keepalive-requests is negative: " + requests);
            }
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("upstream-keepalive-timeout is negative: " + timeout);
            }
            if (time.isNegative() || time.isZero()) {
                throw new IllegalArgumentException("upstream-keepalive-time must be more than 0: " + time);
            }
        }

        public UpstreamKeepalive withTimeout(Duration idle) {
            return new UpstreamKeepalive(connections, idle, requests, time);
        }

        public UpstreamKeepalive withLimits(int maxRequests, Duration maxTime) {
            return new UpstreamKeepalive(connections, timeout, maxRequests, maxTime);
        }
    }

    /**
     * The proxy's own redirects (HTTP to HTTPS, {@code from-to-www-redirect}).
     *
     * @param httpsPort      the HTTPS port clients see (443 is left out of the URL)
     * @param status         the status they are sent with: 301, 302, 307 or 308 ({@code http-redirect-code})
     * @param plainLocations the paths whose routes are never redirected to HTTPS ({@code no-tls-redirect-locations}:
     *                       a route's path starting with one; ACME's HTTP-01 challenges by default, which
     *                       cert-manager's solver Ingresses answer over plain HTTP)
     */
    public record Redirects(int httpsPort, int status, List<String> plainLocations) {

        /** ingress-nginx's default {@code no-tls-redirect-locations}. */
        public static final List<String> ACME_CHALLENGES = List.of("/.well-known/acme-challenge");

        public Redirects {
            if (status != 301 && status != 302 && status != 307 && status != 308) {
                throw new IllegalArgumentException(status + " is not a redirect status: 301, 302, 307 or 308");
            }
            plainLocations = List.copyOf(plainLocations);
        }

        /** Whether requests to a route of this path stay on plain HTTP, whatever its ssl-redirect says. */
        public boolean keepsPlain(String routePath) {
            for (String location : plainLocations) {
                if (routePath.startsWith(location)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The statuses of requests an Ingress's limits refuse, 400 to 599: over {@code limit-rps} or {@code limit-rpm}
     * ({@code limit-req-status-code}), over {@code limit-connections} ({@code limit-conn-status-code}).
     */
    public record LimitStatuses(int rate, int connections) {

        /** ingress-nginx's defaults. */
        public static final LimitStatuses DEFAULT = new LimitStatuses(503, 503);

        public LimitStatuses {
            errorStatus(rate);
            errorStatus(connections);
        }

        /** {@code status}, if it is one of an error: 400 to 599. */
        public static int errorStatus(int status) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException(status + " is not an error status (400-599)");
            }
            return status;
        }

        HttpResponseStatus of(RateLimiter.Refusal refusal) {
            return HttpResponseStatus.valueOf(refusal == RateLimiter.Refusal.OVER_RATE ? rate : connections);
        }
    }

    /** Defaults close to nginx's, listening on the given ports of loopback; for tests and the benchmark. */
    public static DataPlaneSettings loopback(int httpPort, int httpsPort) {
        return new DataPlaneSettings("127.0.0.1", httpPort, httpsPort, 2, 10_000, 8192, 16_384, false,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), 1000, UpstreamKeepalive.DEFAULT,
                3, Duration.ofSeconds(10), 3, false, new Redirects(443, 308, Redirects.ACME_CHALLENGES), 128, true,
                Optional.empty(), false, List.of(), true, List.of(), false, Duration.ofSeconds(5), Optional.empty(),
                BlockedClients.NONE, LimitStatuses.DEFAULT, ClientTls.DEFAULT, Optional.empty(), LoggedFields.NONE);
    }

    /** A copy to change (records have no withers): {@code settings.toBuilder().hsts(...).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some settings of a copy; the others stay as they were. */
    public static final class Builder {
        private String bindAddress;
        private int httpPort;
        private int httpsPort;
        private int workers;
        private int maxConnections;
        private int maxLineBytes;
        private int maxHeaderBytes;
        private boolean underscoresInHeaders;
        private Duration headerTimeout;
        private Duration bodyTimeout;
        private Duration keepAliveTimeout;
        private int keepAliveRequests;
        private UpstreamKeepalive upstreamKeepalive;
        private int maxFails;
        private Duration ejectFor;
        private int attempts;
        private boolean retryNonIdempotent;
        private Redirects redirects;
        private int maxConcurrentStreams;
        private boolean http2;
        private boolean backendServerHeader;
        private List<String> hiddenResponseFields;
        private Optional<String> hsts;
        private boolean generateRequestId;
        private List<Compression> compressions;
        private boolean proxyProtocol;
        private Duration proxyProtocolTimeout;
        private Optional<TrustedProxies> trustedProxies;
        private BlockedClients blocked;
        private LimitStatuses limitStatuses;
        private TlsPolicy tlsPolicy;
        private boolean rejectUnknownNames;
        private SessionResumption resumption;
        private boolean preferServerCiphers;
        private List<String> groups;
        private boolean ocspStapling;
        private Optional<OtlpExport> tracing;
        private LoggedFields loggedFields;

        private Builder(DataPlaneSettings settings) {
            bindAddress = settings.bindAddress;
            httpPort = settings.httpPort;
            httpsPort = settings.httpsPort;
            workers = settings.workers;
            maxConnections = settings.maxConnections;
            maxLineBytes = settings.maxLineBytes;
            maxHeaderBytes = settings.maxHeaderBytes;
            underscoresInHeaders = settings.underscoresInHeaders;
            headerTimeout = settings.headerTimeout;
            bodyTimeout = settings.bodyTimeout;
            keepAliveTimeout = settings.keepAliveTimeout;
            keepAliveRequests = settings.keepAliveRequests;
            upstreamKeepalive = settings.upstreamKeepalive;
            maxFails = settings.maxFails;
            ejectFor = settings.ejectFor;
            attempts = settings.attempts;
            retryNonIdempotent = settings.retryNonIdempotent;
            redirects = settings.redirects;
            maxConcurrentStreams = settings.maxConcurrentStreams;
            http2 = settings.http2;
            backendServerHeader = settings.backendServerHeader;
            hiddenResponseFields = settings.hiddenResponseFields;
            hsts = settings.hsts;
            generateRequestId = settings.generateRequestId;
            compressions = settings.compressions;
            proxyProtocol = settings.proxyProtocol;
            proxyProtocolTimeout = settings.proxyProtocolTimeout;
            trustedProxies = settings.trustedProxies;
            blocked = settings.blocked;
            limitStatuses = settings.limitStatuses;
            tlsPolicy = settings.tls.policy();
            rejectUnknownNames = settings.tls.rejectUnknownNames();
            resumption = settings.tls.resumption();
            preferServerCiphers = settings.tls.preferServerCiphers();
            groups = settings.tls.groups();
            ocspStapling = settings.tls.ocspStapling();
            tracing = settings.tracing;
            loggedFields = settings.loggedFields;
        }

        public Builder timeouts(Duration header, Duration body, Duration keepAlive) {
            headerTimeout = header;
            bodyTimeout = body;
            keepAliveTimeout = keepAlive;
            return this;
        }

        public Builder backendServerHeader(boolean passed) {
            backendServerHeader = passed;
            return this;
        }

        public Builder hiddenResponseFields(List<String> names) {
            hiddenResponseFields = names;
            return this;
        }

        public Builder http2(boolean offered) {
            http2 = offered;
            return this;
        }

        public Builder keepAliveRequests(int max) {
            keepAliveRequests = max;
            return this;
        }

        public Builder redirects(Redirects value) {
            redirects = value;
            return this;
        }

        public Builder bindAddress(String address) {
            bindAddress = address;
            return this;
        }

        public Builder workers(int threads) {
            workers = threads;
            return this;
        }

        public Builder maxConnections(int max) {
            maxConnections = max;
            return this;
        }

        public Builder upstreamKeepalive(UpstreamKeepalive value) {
            upstreamKeepalive = value;
            return this;
        }

        public Builder hsts(String value) {
            hsts = Optional.of(value);
            return this;
        }

        public Builder underscoresInHeaders(boolean passed) {
            underscoresInHeaders = passed;
            return this;
        }

        public Builder generateRequestId(boolean generate) {
            generateRequestId = generate;
            return this;
        }

        /** Responses compressed in these codings, in order of preference. */
        public Builder compressions(Compression... codings) {
            compressions = List.of(codings);
            return this;
        }

        public Builder proxyProtocolTimeout(Duration timeout) {
            proxyProtocolTimeout = timeout;
            return this;
        }

        public Builder proxyProtocol() {
            proxyProtocol = true;
            return this;
        }

        /**
         * Believes the forwarded fields of connections from {@code ranges}, {@code forwardedFor} naming clients;
         * {@code fullChain}: X-Forwarded-For to backends lists the addresses they reported and their own;
         * {@code schemeAndPort}: X-Forwarded-Proto and -Port are believed too.
         */
        public Builder trustedProxies(List<SourceRange> ranges, String forwardedFor, boolean fullChain,
                boolean schemeAndPort) {
            trustedProxies = Optional.of(new TrustedProxies(ranges, AsciiString.of(forwardedFor), fullChain,
                    schemeAndPort));
            return this;
        }

        public Builder blocked(BlockedClients clients) {
            blocked = clients;
            return this;
        }

        public Builder limitStatuses(LimitStatuses statuses) {
            limitStatuses = statuses;
            return this;
        }

        public Builder tls(TlsPolicy policy) {
            tlsPolicy = policy;
            return this;
        }

        public Builder resumption(SessionResumption resumption) {
            this.resumption = resumption;
            return this;
        }

        public Builder tracing(OtlpExport export) {
            tracing = Optional.of(export);
            return this;
        }

        public Builder loggedFields(LoggedFields fields) {
            loggedFields = fields;
            return this;
        }

        public Builder retryNonIdempotent() {
            retryNonIdempotent = true;
            return this;
        }

        /** Only these key exchange groups offered, by BoringSSL's names. */
        public Builder groups(List<String> groups) {
            this.groups = groups;
            return this;
        }

        /** Certificates' OCSP answers stapled to handshakes ({@code enable-ocsp}). */
        public Builder ocspStapling() {
            ocspStapling = true;
            return this;
        }

        public Builder rejectUnknownNames() {
            rejectUnknownNames = true;
            return this;
        }

        /** The client's order of TLS 1.2 suites wins where a host does not say otherwise. */
        public Builder clientCipherOrder() {
            preferServerCiphers = false;
            return this;
        }

        public DataPlaneSettings build() {
            return new DataPlaneSettings(bindAddress, httpPort, httpsPort, workers, maxConnections,
                    maxLineBytes, maxHeaderBytes, underscoresInHeaders, headerTimeout, bodyTimeout,
                    keepAliveTimeout, keepAliveRequests, upstreamKeepalive, maxFails, ejectFor, attempts,
                    retryNonIdempotent, redirects, maxConcurrentStreams, http2, hsts, backendServerHeader,
                    hiddenResponseFields, generateRequestId, compressions, proxyProtocol, proxyProtocolTimeout,
                    trustedProxies, blocked, limitStatuses, new ClientTls(tlsPolicy, rejectUnknownNames, resumption,
                    preferServerCiphers, groups, ocspStapling), tracing, loggedFields);
        }
    }
}
